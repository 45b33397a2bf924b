import { runStandalone } from '../../core/simulator/index.ts';
import type { Command } from '../command.ts';
import { DEFAULT_SIMULATOR_PORT } from '../connection.ts';
import { json } from '../format.ts';
import { UsageError } from '../usage-error.ts';

function port(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_SIMULATOR_PORT;
  const text = String(value);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError({ id: 'cli.option-not-whole', params: { flag: '--port', min: 0, max: 65535, got: text } });
  return n;
}

function milliseconds(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > 3_600_000) throw new UsageError({ id: 'cli.not-milliseconds', params: { flag, value: text } });
  return Number(text);
}

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'Run the local Viva Cloud Terminal simulator on 127.0.0.1 until Ctrl+C (no real money moves).',
  usage: '[--port N] [--customer-ms N]',
  options: { port: { type: 'string' }, 'customer-ms': { type: 'string' } },
  positionals: [],
  async run({ values, global, io }) {
    const customerTimeMs = milliseconds(values['customer-ms'], '--customer-ms');
    const simulator = await runStandalone({
      port: port(values.port),
      ...(customerTimeMs === undefined ? {} : { customerTimeMs }),
      print: global.json ? () => {} : io.stdout,
    });
    if (global.json) {
      io.stdout(
        json({
          url: simulator.url,
          port: simulator.port,
          clientId: simulator.credentials.clientId,
          terminals: simulator.control.terminals().map((t) => t.terminalId),
        }),
      );
    }
    await io.waitForInterrupt();
    await simulator.close();
    return 0;
  },
};
