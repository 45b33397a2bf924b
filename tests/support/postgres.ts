import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for one test run (issue 13: no mock database): initdb into a
 * temp dir, postgres on a free loopback port with trust auth, removed by stop(). initdb refuses
 * to run as root, so as root the cluster runs as Debian's `postgres` user (the package creates it).
 */
export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** Stops the server for a while (a cut connection), keeping the data. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export function postgresBinDir(): string | undefined {
  return BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')));
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function asUser(): string[] {
  // setpriv execs in place (runuser would stay as a parent that does not forward signals).
  return process.getuid?.() === 0 ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups'] : [];
}

export interface StartPostgresOptions {
  /** Require this password (SCRAM) on TCP connections for the user postgres; without it, trust. */
  password?: string;
  /** fsync on, as a real server (benchmarks); tests run with fsync off. */
  durable?: boolean;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql): the head-office tests need a real server.');
  const root = mkdtempSync(join(tmpdir(), 'ecr-pg-'));
  const data = join(root, 'data');
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(root, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  chmodSync(root, 0o700);
  const auth = ['--auth=trust'];
  if (options.password !== undefined) {
    const pwfile = join(root, 'pwfile');
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o644 });
    auth.splice(0, 1, '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  }
  const prefix = asUser();
  const init = spawnSync(prefix[0] ?? join(bin, 'initdb'), [...prefix.slice(1), ...(prefix.length ? [join(bin, 'initdb')] : []), '-D', data, '-U', 'postgres', ...auth, '-E', 'UTF8', '--no-sync'], {
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', root, '-c', `fsync=${options.durable ? 'on' : 'off'}`, '-c', 'max_connections=60'];
    const command = prefix.length ? prefix[0]! : join(bin, 'postgres');
    const full = prefix.length ? [...prefix.slice(1), join(bin, 'postgres'), ...args] : args;
    const started = spawn(command, full, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let log = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) throw new Error(`postgres exited: ${log}`);
      if (log.includes('ready to accept connections')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`postgres did not start within 15 s: ${log}`);
  };

  const halt = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((r) => running.once('exit', () => r()));
    // SIGTERM's "smart" shutdown would wait for clients to leave; SIGINT ("fast") ends them.
    running.kill('SIGINT');
    await exited;
  };

  await launch();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pause: halt,
    resume: launch,
    async stop() {
      await halt();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
