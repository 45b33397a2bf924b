import type { InputOf } from '../../../../electron/contract/channels.ts';
import type { SessionRecord } from '../../../../electron/domain/session-record.ts';
import { OPEN_STATES, SESSION_KINDS, type SessionKind, type SessionState } from '../../../../electron/domain/session-states.ts';
import { isDay } from '../../../../electron/domain/business-day.ts';
import { MAX_SEARCH_TEXT, matchesSearch, searchAmount } from '../../../../electron/domain/session-search.ts';
import { displayCurrency } from '../../lib/money-format.ts';

/**
 * What the journal's filter bar holds, and how it becomes a `listSessions` query. The states are
 * listed in the order the filter offers them (outcomes first); the Missing check below stops
 * compiling when the domain gains one.
 */
export const STATE_OPTIONS = [
  'approved',
  'declined',
  'cancelled',
  'aborted',
  'failed',
  'unknown',
  'pending',
  'aborting',
  'dispatching',
  'created',
] as const satisfies readonly SessionState[];

export const KIND_OPTIONS = SESSION_KINDS;

type MissingState = Exclude<SessionState, (typeof STATE_OPTIONS)[number]>;
const _allStates: [MissingState] extends [never] ? true : never = true;
void _allStates;

/** 'open': everything whose outcome is not settled yet (on a terminal or unknown). */
export type StateFilter = '' | 'open' | SessionState;

export interface JournalFilters {
  fromDay: string;
  toDay: string;
  state: StateFilter;
  terminalId: string;
  kind: '' | SessionKind;
  text: string;
}

export const NO_FILTERS: JournalFilters = { fromDay: '', toDay: '', state: '', terminalId: '', kind: '', text: '' };

export type ListInput = NonNullable<InputOf<'listSessions'>>;

export type FilterProblem = 'bad-from-day' | 'bad-to-day' | 'range-reversed';

export type FilterQuery = { ok: true; input: ListInput } | { ok: false; problem: FilterProblem };

/**
 * The first page's query for these filters (pass the page's nextCursor as `cursor` for the next).
 * `currency` is the till's (settings): the search text is also read as an amount in it.
 */
export function listQuery(filters: JournalFilters, limit: number, currency?: string): FilterQuery {
  const input: ListInput = { limit };
  const fromDay = filters.fromDay.trim();
  const toDay = filters.toDay.trim();
  if (fromDay !== '' && !isDay(fromDay)) return { ok: false, problem: 'bad-from-day' };
  if (toDay !== '' && !isDay(toDay)) return { ok: false, problem: 'bad-to-day' };
  if (fromDay !== '' && toDay !== '' && fromDay > toDay) return { ok: false, problem: 'range-reversed' };
  if (fromDay !== '') input.fromDay = fromDay;
  if (toDay !== '') input.toDay = toDay;
  const states = statesOf(filters.state);
  if (states) input.states = [...states];
  if (filters.terminalId.trim() !== '') input.terminalId = filters.terminalId.trim();
  if (filters.kind !== '') input.kind = filters.kind;
  // The channel caps search text at 200 characters; longer cannot match anything anyway.
  const text = filters.text.trim().slice(0, MAX_SEARCH_TEXT);
  if (text !== '') {
    input.text = text;
    const exponent = currency === undefined ? undefined : displayCurrency(currency)?.exponent;
    const amount = exponent === undefined ? undefined : searchAmount(text, exponent);
    if (amount !== undefined) input.amount = amount;
  }
  return { ok: true, input };
}

function statesOf(filter: StateFilter): readonly SessionState[] | null {
  if (filter === '') return null;
  if (filter === 'open') return OPEN_STATES;
  return [filter];
}

/**
 * Whether a session (say, one that just started) belongs in the list these filters show: the
 * same rules as the journal's query (the search's are domain/session-search.ts).
 */
export function matchesFilters(session: SessionRecord, filters: JournalFilters, currency?: string): boolean {
  const query = listQuery(filters, 1, currency);
  if (!query.ok) return false;
  const { input } = query;
  if (input.fromDay !== undefined && session.businessDay < input.fromDay) return false;
  if (input.toDay !== undefined && session.businessDay > input.toDay) return false;
  if (input.states !== undefined && !input.states.includes(session.state)) return false;
  if (input.terminalId !== undefined && session.terminalId !== input.terminalId) return false;
  if (input.kind !== undefined && session.kind !== input.kind) return false;
  if (input.text !== undefined && !matchesSearch(session, { text: input.text, ...(input.amount !== undefined ? { amount: input.amount } : {}) })) return false;
  return true;
}

/** The order of the journal's list: newest first by (business day, created at, session id). */
export function newerFirst(a: SessionRecord, b: SessionRecord): number {
  const key = (s: SessionRecord) => [s.businessDay, s.createdAt, s.sessionId] as const;
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) {
    if (ka[i] !== kb[i]) return (ka[i] as string) < (kb[i] as string) ? 1 : -1;
  }
  return 0;
}

export function activeFilterCount(filters: JournalFilters): number {
  return (Object.keys(NO_FILTERS) as (keyof JournalFilters)[]).filter((key) => filters[key].trim() !== '').length;
}
