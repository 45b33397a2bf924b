import type { Command } from '../command.ts';
import { withJournal } from '../core.ts';
import { json } from '../format.ts';

export const journalVerifyCommand: Command = {
  name: 'journal verify',
  summary: "Check the journal's hash chain and that every session matches its events (exit 0 intact, 1 broken).",
  usage: '',
  options: {},
  positionals: [],
  async run(context) {
    return withJournal(context, (journal) => {
      const result = journal.verify();
      if (context.global.json) {
        context.io.stdout(json({ file: journal.file, ...result }));
      } else if (result.ok) {
        context.io.stdout(`Journal intact: ${result.events} events, ${result.sessions ?? '?'} sessions, head ${result.head.slice(0, 16)}… (${journal.file})`);
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
    });
  },
};
