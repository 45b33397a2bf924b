import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ECR = join(import.meta.dirname, '../../../bin/ecr.js');

export interface EcrResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `ecr` binary as a separate process, as a user or a script would. */
export function runEcr(args: string[], env: Record<string, string | undefined> = {}): Promise<EcrResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ECR, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningEcr {
  pid: number;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** The first match of `pattern` in stderr, once it is there; rejects if the process ends without one. */
  waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>;
  waitForStdout(pattern: RegExp): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): void;
  done: Promise<EcrResult & { signal: NodeJS.Signals | null }>;
}

/** Starts the real `ecr` binary and hands back the running process, for tests that act while it runs. */
export function startEcr(args: string[], env: Record<string, string | undefined> = {}): RunningEcr {
  const child = spawn(process.execPath, [ECR, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watcher of [...watchers]) watcher();
  };
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    notify();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    notify();
  });
  const done = new Promise<EcrResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      closed = true;
      resolve({ code, signal, stdout, stderr });
      notify();
    });
  });
  const waitFor = (text: () => string, pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = text().match(pattern);
        if (match) {
          watchers.delete(check);
          resolve(match);
        } else if (closed) {
          watchers.delete(check);
          reject(new Error(`ecr ${args.join(' ')} ended without printing ${String(pattern)}; stderr:\n${stderr}`));
        }
      };
      watchers.add(check);
      check();
    });
  return {
    pid: child.pid ?? -1,
    stderr: () => stderr,
    waitForStderr: (pattern) => waitFor(() => stderr, pattern),
    waitForStdout: (pattern) => waitFor(() => stdout, pattern),
    kill: (signal) => {
      child.kill(signal);
    },
    done,
  };
}
