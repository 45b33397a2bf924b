import { execFile } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { promisify } from 'node:util';
import type { BusinessDayConfig } from '../../electron/core/journal/index.ts';

const run = promisify(execFile);
const CHILD = new URL('./startup-child.ts', import.meta.url).pathname;

export interface StartupSample {
  ms: number;
  resumed: number;
  /** The engine admitted payments when start() returned. */
  accepting: boolean;
  /** When the whole-file quick_check on its worker answered, from the same start. */
  integrityMs: number;
  integrityOk: boolean;
}

/**
 * Core start-up, measured in fresh Node processes (startup-child.ts), one after the other: the
 * app starts once per process, so the first createCore() of a process, with nothing warmed up by
 * earlier runs, is the honest figure. Viva is a local socket that accepts connections and never
 * answers, so a start-up that waited on the network would take the client's whole timeout.
 */
export async function measureStartup(options: { dataDir: string; businessDay: BusinessDayConfig; processes: number }): Promise<StartupSample[]> {
  const sockets = new Set<Socket>();
  const blackHole = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  const address = blackHole.address();
  if (!address || typeof address === 'string') throw new Error('the black-hole server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  try {
    const samples: StartupSample[] = [];
    for (let i = 0; i < options.processes; i += 1) {
      const { stdout } = await run(process.execPath, [CHILD, options.dataDir, url, JSON.stringify(options.businessDay)], { timeout: 60_000 });
      const line = stdout.split('\n').find((l) => l.startsWith('{')) ?? '';
      samples.push(JSON.parse(line) as StartupSample);
    }
    return samples;
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackHole.close(() => resolve()));
  }
}
