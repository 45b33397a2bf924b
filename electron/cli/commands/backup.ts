import { systemClock } from '../../core/clock.ts';
import { createBackup, DEFAULT_BACKUP_RETENTION } from '../../core/backup/index.ts';
import { requiredOption, wholeNumberOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withJournal } from '../core.ts';
import { json } from '../format.ts';

/** `ecr backup --to DIR`: one verified backup of the environment's journal, beside the app if it runs. */
export const backupCommand: Command = {
  name: 'backup',
  summary: `Back up the journal into a folder: SQLite's online backup, verified (quick_check, hash chain, head) before it counts; keeps the last ${DEFAULT_BACKUP_RETENTION} (--keep) plus every Z day's (exit 0 backed up, 1 not).`,
  usage: '--to DIR [--keep N]',
  options: { to: { type: 'string' }, keep: { type: 'string' } },
  positionals: [],
  async run(context) {
    const toDir = requiredOption(context.values, 'to', 'cli.hint.backup-to');
    const keep = wholeNumberOption(context.values, 'keep', { min: 1, max: 10_000 });
    // Read-only: a backup never writes to the journal, and works while the app takes payments.
    return withJournal(
      context,
      async (journal) => {
        const result = await createBackup({ journal, toDir, clock: systemClock, ...(keep ? { keep } : {}) });
        if (context.global.json) {
          context.io.stdout(json(result));
        } else if (result.ok) {
          context.io.stdout(`Backed up and verified: ${result.file} (${result.head.events} events, head ${result.head.head.slice(0, 16)}…).`);
          if (result.removed.length > 0) context.io.stdout(`Removed ${result.removed.length} older backup(s) past the ${keep ?? DEFAULT_BACKUP_RETENTION} kept.`);
        } else {
          context.io.stderr(`ecr: no backup was made (${result.error.code}): ${result.error.message}`);
        }
        return result.ok ? 0 : 1;
      },
      { readOnly: true },
    );
  },
};
