import type { Logger } from '../logger.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './server.ts';

export interface StandaloneOptions extends SimulatorOptions {
  /** Where the start-up banner goes (default: stdout). */
  print?: (line: string) => void;
  logger?: Logger;
}

/**
 * Starts the simulator for `ecr simulator --port N` and prints how to reach it. The credentials
 * printed are the simulator's own training credentials (documented in the README), never a real
 * Viva secret. The caller owns the returned handle and closes it on exit.
 */
export async function runStandalone(options: StandaloneOptions = {}): Promise<RunningSimulator> {
  const { print = (line: string) => process.stdout.write(`${line}\n`), ...rest } = options;
  const simulator = await startSimulator(rest);
  const { clientId, clientSecret } = simulator.credentials;
  for (const line of [
    `Viva Cloud Terminal simulator listening on ${simulator.url}`,
    `  accounts URL : ${simulator.url}   (POST /connect/token)`,
    `  API URL      : ${simulator.url}   (/ecr/v1/...)`,
    `  client id    : ${clientId}`,
    `  client secret: ${clientSecret}`,
    `  terminals    : ${simulator.control.terminals().map((t) => t.terminalId).join(', ')}`,
    `  control      : ${simulator.url}/_sim/terminals   (no real money moves)`,
  ]) {
    print(line);
  }
  return simulator;
}
