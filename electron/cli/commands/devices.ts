import type { Command } from '../command.ts';
import { clientFor } from '../client.ts';
import { json, table } from '../format.ts';
import { UsageError } from '../usage-error.ts';

// Spec §2.1: an inventory status, not "online now".
const STATUS_NAMES = ['WareHouse', 'Live', 'Ready To Ship', 'In Stock', 'Pending Key Injection', 'Lost', 'Broken', 'Locked'];

export const devicesCommand: Command = {
  name: 'devices',
  summary: "List the merchant's terminals (devices search).",
  usage: '[--status-id 0-7]',
  options: { 'status-id': { type: 'string' } },
  positionals: [],
  async run(context) {
    const raw = context.values['status-id'];
    let statusId: number | undefined;
    if (raw !== undefined) {
      if (!/^[0-7]$/.test(String(raw))) throw new UsageError({ id: 'cli.bad-status-id', params: { value: String(raw) } });
      statusId = Number(raw);
    }
    const devices = await clientFor(context).searchDevices(statusId === undefined ? {} : { statusId });
    if (context.global.json) {
      context.io.stdout(json(devices));
      return 0;
    }
    if (devices.length === 0) {
      context.io.stdout('No terminals found.');
      return 0;
    }
    const rows = devices.map((d) => [
      d.terminalId,
      d.statusId === null ? '' : `${d.statusId} ${STATUS_NAMES[d.statusId] ?? ''}`.trim(),
      d.sourceCode ?? '',
      d.virtualTerminalId ?? '',
    ]);
    context.io.stdout(table(['terminal', 'status', 'source', 'virtual terminal'], rows));
    return 0;
  },
};
