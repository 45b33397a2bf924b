import { deviceJson } from './terminals.ts';
import { detail, empty, json, route, type HttpRequest, type Reply, type Route } from './http.ts';
import { APPROVED } from './scenarios.ts';
import { foreignSessionBody, unreadableListEntry, vivaSessionBody } from './session-body.ts';
import type { FinalResolution } from './sessions.ts';
import type { SimulatorState } from './state.ts';
import { startTransaction, type TransactionKind } from './transactions.ts';
import {
  DEVICES_SEARCH_FIELDS,
  missingQuery,
  parseQueryDate,
  PREAUTH_COMPLETION_FIELDS,
  readBody,
  REFUND_FIELDS,
  SALE_FIELDS,
  UNREFERENCED_REFUND_FIELDS,
  validateBody,
  type DevicesSearchInput,
  type FieldSpec,
  type TransactionInput,
} from './validation.ts';

/**
 * The routes Viva serves: the accounts token endpoint and the Cloud Terminal API (spec §2).
 * Order of checks follows FastAPI: the JSON body is decoded first (422 json_invalid), then the
 * bearer (401), then the model (422), then the business rules.
 */
export { NOT_AUTHENTICATED } from './dialects.ts';
export const SESSION_PENDING = 'The session is being processed';
export const SESSION_NOT_FOUND = 'Session id was not found';
export const ABORT_FORBIDDEN = 'Only cash register that created the transaction can abort it';
export const ABORT_ALREADY_STARTED = 'Abort process has already started for this session';

export function vivaRoutes(state: SimulatorState): Route[] {
  const transaction = (kind: TransactionKind, fields: readonly FieldSpec[]) => (req: HttpRequest) =>
    dispatchTransaction(state, req, kind, fields);
  return [
    route('POST', '/connect/token', (req) => token(state, req)),
    route('POST', '/ecr/v1/devices:search', (req) => devicesSearch(state, req)),
    route('POST', '/ecr/v1/transactions:sale', transaction('sale', SALE_FIELDS)),
    route('POST', '/ecr/v1/transactions:refund', transaction('refund', REFUND_FIELDS)),
    route('POST', '/ecr/v1/transactions:unreferenced-refund', transaction('unreferenced-refund', UNREFERENCED_REFUND_FIELDS)),
    route('POST', '/ecr/v1/transactions:preauth-completion', transaction('preauth-completion', PREAUTH_COMPLETION_FIELDS)),
    route('GET', '/ecr/v1/sessions', (req) => sessionsByDate(state, req)),
    route('GET', '/ecr/v1/sessions/{sessionId}', (req) => getSession(state, req)),
    route('DELETE', '/ecr/v1/sessions/{sessionId}', (req) => abortSession(state, req)),
  ];
}


function authorised(state: SimulatorState, req: HttpRequest): boolean {
  return state.tokens.isValid(req.headers.authorization);
}

function token(state: SimulatorState, req: HttpRequest): Reply {
  const noStore = { 'cache-control': 'no-store, no-cache, max-age=0', pragma: 'no-cache' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return json(400, { error: 'invalid_request' }, noStore);
  const answer = state.tokens.issue(req.headers.authorization, new URLSearchParams(req.body.toString('utf8')));
  return json(answer.status, answer.body, noStore);
}

function devicesSearch(state: SimulatorState, req: HttpRequest): Reply {
  const body = readBody(req.body, req.headers['content-type']);
  if (body.kind === 'invalid') return state.dialects.unprocessable([body.error]);
  if (!authorised(state, req)) return state.dialects.unauthorised();
  const valid = validateBody<DevicesSearchInput>(body, DEVICES_SEARCH_FIELDS, true);
  if (!valid.ok) return state.dialects.unprocessable(valid.errors);
  const filter = valid.value;
  const devices = [...state.terminals.values()]
    .filter((t) => filter.statusId === null || t.statusId === filter.statusId)
    .filter((t) => filter.sourceCode === null || t.sourceCode === filter.sourceCode)
    .filter((t) => filter.merchantId === null || t.merchantId === filter.merchantId)
    .map((t) => deviceJson(t, state.config.terminalIdAsNumber));
  return json(200, devices);
}

function dispatchTransaction(state: SimulatorState, req: HttpRequest, kind: TransactionKind, fields: readonly FieldSpec[]): Reply {
  // An operation the account does not have answers exactly like a route that does not exist (#2511).
  if (state.config.disabledOperations.includes(kind)) return detail(404, 'Not Found');
  const body = readBody(req.body, req.headers['content-type']);
  if (body.kind === 'invalid') return state.dialects.unprocessable([body.error]);
  if (!authorised(state, req)) return state.dialects.unauthorised();
  const valid = validateBody<TransactionInput>(body, fields);
  if (!valid.ok) return state.dialects.unprocessable(valid.errors);
  const answer = startTransaction(state, kind, valid.value);
  if ('duplicate' in answer) return detail(409, `Session with id ${valid.value.sessionId} already exists`);
  const session = answer.created;
  if (session.plan.loseResponse) return { status: 0, drop: true, sessionId: session.sessionId };
  return { ...empty(200), sessionId: session.sessionId };
}

function getSession(state: SimulatorState, req: HttpRequest): Reply {
  if (!authorised(state, req)) return state.dialects.unauthorised();
  const now = state.clock.now();
  const session = state.sessions.get(req.params.sessionId ?? '');
  if (!session || now < session.createdAt + session.plan.early404Ms) return detail(404, SESSION_NOT_FOUND);
  const r = state.sessions.resolve(session, now);
  if (r.state === 'pending') {
    if (session.plan.foreignBody) return json(200, foreignSessionBody(session, foreignEnd(now), state.config.bodyShape));
    return detail(202, SESSION_PENDING);
  }
  return json(200, vivaSessionBody(session, r, state.config.bodyShape));
}

function foreignEnd(now: number): FinalResolution {
  return { state: 'final', finishedAt: now, result: APPROVED, endedBy: 'plan', abortAckAt: null, provisional: false, moneyMoved: true };
}

/** The day's finished sessions, bucketed by the UTC date of their creation. */
function sessionsByDate(state: SimulatorState, req: HttpRequest): Reply {
  if (!authorised(state, req)) return state.dialects.unauthorised();
  const now = state.clock.now();
  const parsed = parseQueryDate(req.query.get('date') ?? new Date(now).toISOString().slice(0, 10));
  if ('error' in parsed) return state.dialects.unprocessable([parsed.error]);
  const bodies: Record<string, unknown>[] = [];
  for (const session of state.sessions.all()) {
    if (new Date(session.createdAt).toISOString().slice(0, 10) !== parsed.date) continue;
    if (now < session.createdAt + session.plan.early404Ms) continue;
    const r = state.sessions.resolve(session, now);
    if (r.state !== 'final') continue;
    const shape = state.config.bodyShape;
    bodies.push(session.plan.unreadableInList ? unreadableListEntry(session, r, shape) : vivaSessionBody(session, r, shape));
  }
  return json(200, bodies);
}

function abortSession(state: SimulatorState, req: HttpRequest): Reply {
  if (!authorised(state, req)) return state.dialects.unauthorised();
  const cashRegisterId = req.query.get('cashRegisterId');
  if (cashRegisterId === null) return state.dialects.unprocessable([missingQuery('cashRegisterId')]);
  const session = state.sessions.get(req.params.sessionId ?? '');
  if (!session) return detail(404, SESSION_NOT_FOUND);
  const answer = state.sessions.abort(session, cashRegisterId, state.clock.now());
  state.logger.info('simulator: abort requested', { sessionId: session.sessionId, answer });
  switch (answer) {
    case 'forbidden':
      return detail(403, ABORT_FORBIDDEN);
    case 'already-aborting':
      return detail(409, ABORT_ALREADY_STARTED);
    case 'accepted':
    case 'already-final':
      return empty(200);
  }
}
