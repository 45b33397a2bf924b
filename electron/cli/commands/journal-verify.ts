import type { Journal } from '../../core/journal/index.ts';
import type { Command, CommandContext } from '../command.ts';
import { withJournal } from '../core.ts';
import { json } from '../format.ts';

export const journalVerifyCommand: Command = {
  name: 'journal verify',
  summary:
    "Check the journal file (SQLite's integrity_check), its hash chain and that every session matches its events (exit 0 intact, 1 broken or damaged; read-only).",
  usage: '',
  options: {},
  positionals: [],
  async run(context) {
    return withJournal(context, (journal) => verify(context, journal), { readOnly: true });
  },
};

function verify(context: CommandContext, journal: Journal): number {
  const result = journal.verify();
  const integrity = result.integrity ?? { ok: true };
  if (context.global.json) {
    context.io.stdout(json({ file: journal.file, ...result, integrity }));
  } else if (result.ok) {
    context.io.stdout(
      `Journal intact: SQLite integrity check ok, ${result.events} events, ${result.sessions ?? '?'} sessions, head ${result.head.slice(0, 16)}… (${journal.file})`,
    );
  } else if (!integrity.ok) {
    context.io.stderr(
      [
        `Journal DAMAGED (${journal.file}): SQLite's integrity check found`,
        ...integrity.problems.map((problem) => `  - ${problem}`),
        'Keep a copy of the file for support and do not edit it; restore the journal from a backup or contact support.',
        'The till refuses new payments on this file; what can still be read (list, status, report) stays readable.',
      ].join('\n'),
    );
  } else {
    const b = result.firstBroken;
    context.io.stderr(
      [
        `Journal BROKEN (${journal.file}): the first bad link is`,
        `  event     ${b.eventId ?? '-'}`,
        `  session   ${b.sessionId ?? '-'}`,
        `  reason    ${b.reason}`,
        `  detail    ${b.detail}`,
        'Keep a copy of the file for support; do not edit it.',
      ].join('\n'),
    );
  }
  return result.ok ? 0 : 1;
}
