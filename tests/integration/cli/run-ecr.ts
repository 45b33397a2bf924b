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
