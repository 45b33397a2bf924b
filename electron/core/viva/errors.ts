import { CodedError } from '../../domain/coded-error.ts';
import type { MessageRef } from '../../domain/messages.ts';

/**
 * One error class for everything the Viva client can fail with. Callers switch on `code`;
 * `phase` says how far the request got, which is what decides whether money may have moved.
 *
 * HTTP status mapping (see `errorFromResponse` in http.ts):
 *   400, 422 -> validation    401 -> auth        403 -> forbidden    404 -> not-found
 *   409 -> conflict           429 -> rate-limited                    500-599 -> server
 *   anything else Viva does not document (1xx, 3xx, other 4xx, a 2xx where none is expected)
 *   -> malformed-response: the till got an answer it does not understand, which is exactly as
 *   uncertain as a broken body, so it is treated the same way.
 */
export type VivaErrorCode =
  | 'auth'
  | 'validation'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed-response';

/**
 * - `local`: refused before anything was sent (bad input or configuration).
 * - `token`: failed while obtaining an access token, so the API request itself never left.
 * - `request`: the API request was sent (or at least attempted).
 */
export type VivaErrorPhase = 'local' | 'token' | 'request';

export interface VivaFieldError {
  /** Where the problem is, e.g. "body.terminalId" (Viva) or "amount" (local check). */
  path: string;
  message: string;
  /** Pydantic's error type, e.g. "missing", when Viva gave one. */
  type?: string;
}

/**
 * What a 404 on a money-moving POST can be (spec §11, #2511): the operation is not enabled for
 * the account (FastAPI's bare "Not Found", as for a missing route), or the parent session of a
 * refund or completion is unknown to Viva. Both mean Viva refused the request as a whole.
 */
export type VivaNotFoundCase = 'operation-not-enabled' | 'parent-unknown';

export interface VivaErrorDetails {
  status?: number;
  correlationId?: string;
  retryAfterMs?: number;
  fields?: VivaFieldError[];
  phase?: VivaErrorPhase;
  notFound?: VivaNotFoundCase;
  cause?: unknown;
}

export class VivaError extends CodedError<VivaErrorCode> {
  override name = 'VivaError';
  readonly phase: VivaErrorPhase;
  readonly status?: number;
  readonly correlationId?: string;
  readonly retryAfterMs?: number;
  declare readonly fields?: VivaFieldError[];
  /** Set on a 404 answer to a money-moving POST: which case it is. */
  readonly notFound?: VivaNotFoundCase;

  constructor(code: VivaErrorCode, message: string | MessageRef, details: VivaErrorDetails = {}) {
    super(code, message, { cause: details.cause, ...(details.fields !== undefined ? { fields: details.fields } : {}) });
    this.phase = details.phase ?? 'request';
    if (details.status !== undefined) this.status = details.status;
    if (details.correlationId !== undefined) this.correlationId = details.correlationId;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.notFound !== undefined) this.notFound = details.notFound;
  }
}

export function isVivaError(error: unknown): error is VivaError {
  return error instanceof VivaError;
}

/** A request refused by our own checks before anything was sent. */
export function localValidationError(path: string, message: string, cause?: unknown): VivaError {
  return new VivaError('validation', message, { phase: 'local', fields: [{ path, message }], cause });
}

/**
 * Whether a failed money-moving POST (sale, refund...) might nevertheless have reached Viva and
 * started a session. When true, the caller must not resend: it has to find out (poll the session,
 * sessions-by-date) before anything else.
 *
 * - network, timeout, server, malformed-response: the request may have been processed.
 * - conflict (duplicate sessionId): a session with this id exists, so something did reach Viva.
 * - auth, validation, forbidden, not-found, rate-limited: Viva refused the request as a whole.
 * - anything that failed before the request left (local checks, token endpoint): false.
 * - an error that is not a VivaError: we cannot know, so true.
 */
export function isDispatchUncertain(error: unknown): boolean {
  if (!isVivaError(error)) return true;
  if (error.phase !== 'request') return false;
  switch (error.code) {
    case 'network':
    case 'timeout':
    case 'server':
    case 'malformed-response':
    case 'conflict':
      return true;
    case 'auth':
    case 'validation':
    case 'forbidden':
    case 'not-found':
    case 'rate-limited':
      return false;
  }
}

/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns milliseconds
 * from `nowMs`, never negative; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like a date, not any string Date.parse happens to read.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Viva could not be reached at all (no answer, or none in time): the till is offline, not refused. */
export function isOffline(error: unknown): boolean {
  return isVivaError(error) && (error.code === 'network' || error.code === 'timeout');
}
