import type { SessionRecord } from '../domain/session-record.ts';
import type { SessionState } from '../domain/session-states.ts';
import { money } from './format.ts';

/**
 * What a payment command's exit code says, so a script can branch without parsing output:
 *   0  approved (or, without waiting, sent and not finished yet)
 *   1  an error: bad arguments, a refusal, the journal or Viva could not be reached
 *   2  no money moved: declined, cancelled, aborted, failed
 *   3  unknown: the customer may or may not have paid; recover or resolve it before charging again
 */
export const EXIT_APPROVED = 0;
export const EXIT_NOT_PAID = 2;
export const EXIT_UNKNOWN = 3;

/**
 * The exit code for a session in `state`. `waited`: the command waited for the outcome, so a
 * session still in flight (another process owns it, or its poll loop stopped) is as good as
 * unknown; without waiting (--no-wait, status), in flight is the expected answer.
 */
export function exitCodeFor(state: SessionState, options: { waited: boolean }): number {
  switch (state) {
    case 'approved':
      return EXIT_APPROVED;
    case 'declined':
    case 'cancelled':
    case 'aborted':
    case 'failed':
      return EXIT_NOT_PAID;
    case 'unknown':
      return EXIT_UNKNOWN;
    case 'created':
    case 'dispatching':
    case 'pending':
    case 'aborting':
      return options.waited ? EXIT_UNKNOWN : EXIT_APPROVED;
  }
}

function total(record: SessionRecord): string {
  const tip = record.tipAmount > 0 ? ` (tip ${money(record.tipAmount, record.currencyCode)} included)` : '';
  return `${money(record.amount + record.tipAmount, record.currencyCode)}${tip}`;
}

function unknownWhy(record: SessionRecord): string {
  if (record.error === 'deadline-passed') return 'no final answer from the terminal in time; Viva will be asked again';
  return record.message ?? 'no answer from Viva; it will be asked again';
}

/** One progress line for stderr: the full sessionId first, so scripts can pick it up. */
export function progressLine(record: SessionRecord): string {
  const id = record.sessionId;
  switch (record.state) {
    case 'created':
      return `${id} created: ${record.kind} of ${total(record)} on terminal ${record.terminalId}, journaled`;
    case 'dispatching':
      return `${id} dispatching: sending it to Viva`;
    case 'pending':
      return `${id} pending: waiting for the customer on terminal ${record.terminalId}`;
    case 'aborting':
      return `${id} aborting: abort requested, waiting for the terminal to confirm`;
    case 'unknown':
      return `${id} unknown: ${unknownWhy(record)}`;
    default:
      return `${id} ${record.state}${record.message ? `: ${record.message}` : ''}`;
  }
}

const STATE_WORDS: Record<SessionState, string> = {
  created: 'journaled, not sent yet',
  dispatching: 'being sent to Viva',
  pending: 'sent; waiting for the customer',
  aborting: 'abort requested; waiting for the terminal to confirm',
  approved: 'APPROVED: the customer paid',
  declined: 'declined: no money moved',
  cancelled: 'cancelled on the terminal: no money moved',
  aborted: 'aborted: no money moved',
  failed: 'failed: no money moved',
  unknown: 'UNKNOWN: the customer may have been charged; run `ecr recover`, or `ecr resolve` once you know',
};

/** A few lines about a session, for people (stdout without --json). */
export function describeSession(record: SessionRecord): string {
  const lines = [
    `${record.sessionId}: ${record.kind} of ${total(record)} — ${STATE_WORDS[record.state]}`,
    `  terminal  ${record.terminalId}, cash register ${record.cashRegisterId}`,
  ];
  if (record.merchantReference) lines.push(`  reference ${record.merchantReference}`);
  if (record.parentSessionId) lines.push(`  parent    ${record.parentSessionId}`);
  if (record.vivaEventId !== null || record.message) {
    lines.push(`  viva      ${record.vivaEventId === null ? '' : `eventId ${record.vivaEventId} `}${record.message ?? ''}`.trimEnd());
  }
  if (record.state === 'unknown') lines.push(`  why       ${unknownWhy(record)}`);
  if (record.transactionId) lines.push(`  txn       ${record.transactionId}`);
  if (record.cardBrand || record.panLast4) lines.push(`  card      ${[record.cardBrand, record.panLast4 && `…${record.panLast4}`].filter(Boolean).join(' ')}`);
  if (record.alert) lines.push(`  ALERT     ${record.alert}`);
  if (record.resolution) {
    const who = record.resolvedBy ? ` by ${record.resolvedBy}` : '';
    const why = record.resolutionReason ? `: ${record.resolutionReason}` : '';
    lines.push(`  resolved  ${record.resolution}${who}${why}`);
  }
  lines.push(`  created   ${record.createdAt}${record.finishedAt ? `, finished ${record.finishedAt}` : ''}`);
  return lines.join('\n');
}
