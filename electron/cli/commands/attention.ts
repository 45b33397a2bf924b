import { readAttention } from '../../core/attention/index.ts';
import type { AttentionItem, AttentionKind } from '../../domain/attention.ts';
import type { Command } from '../command.ts';
import { withJournal } from '../core.ts';
import { json, money } from '../format.ts';

/** One line per kind: what happened, and what a person decides. */
const WHAT: Record<AttentionKind, string> = {
  unknown: 'outcome unknown: the customer may have been charged (ecr status / ecr resolve)',
  'paid-after-abort': 'paid after abort: refund it (the customer presents the card again) or keep it',
  'late-success': 'recorded as not paid, but Viva approved it later: refund it or keep it',
  'local-only-approved': 'approved in the journal, but Viva has no record: the customer was not charged (ecr reconcile)',
  // The app's automatic backups only: the CLI's own `ecr backup` says its result at once.
  'backup-failed': 'the last automatic backup failed: check Settings -> Backups (or run ecr backup)',
};

export const attentionCommand: Command = {
  name: 'attention',
  summary: 'List every payment that needs a person (unknown, paid after abort, late success, local-only approved), oldest first (offline; exit 0 none, 2 some).',
  usage: '',
  options: {},
  positionals: [],
  async run(context) {
    return withJournal(context, (journal) => {
      const items = readAttention(journal);
      if (context.global.json) context.io.stdout(json({ items }));
      else context.io.stdout(items.length === 0 ? 'No payment needs attention.' : items.map(line).join('\n'));
      return items.length === 0 ? 0 : 2;
    }, { readOnly: true });
  },
};

function line(item: AttentionItem): string {
  const session = item.session;
  const what = WHAT[item.kind] ?? item.kind;
  if (!session) return `${item.since}  ${what}`;
  const reference = session.merchantReference ? ` ref ${session.merchantReference}` : '';
  const aside = item.setAside ? `  (set aside ${item.setAside.at}${item.setAside.operator ? ` by ${item.setAside.operator}` : ''})` : '';
  return `${item.since}  ${session.sessionId}  ${money(session.amount + session.tipAmount, session.currencyCode)}  terminal ${session.terminalId}${reference}  ${what}${aside}`;
}
