import ky, { isNetworkError, isTimeoutError } from 'ky';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { parseRetryAfter, VivaError, type VivaErrorCode, type VivaErrorPhase, type VivaFieldError, type VivaNotFoundCase } from './errors.ts';
import { errorBodySchema, type ErrorBody } from './schemas.ts';
import { renderMessage, type MessageId } from '../../domain/messages.ts';

/** Which answer of Viva's a refusal is about, named by its phrase in the catalogue ("a session list"). */
export type VivaAnswer = Extract<MessageId, `viva.answer.${string}`>;
import type { MessageRef } from '../../domain/messages.ts';

/**
 * The one road every request to Viva takes: ky with automatic retries off, a per-request timeout,
 * one log line per call, and transport failures turned into VivaErrors. On top of it,
 * `createApiRequester` adds the bearer token and the single refresh-and-retry on a rejected token.
 */

export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as text; '' when empty. */
  text: string;
  /** `x-viva-correlationid`, for Viva support. */
  correlationId: string | undefined;
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  form?: URLSearchParams;
  /** Recorded on transport errors: how far the overall operation had got. */
  phase: VivaErrorPhase;
}

export interface Transport {
  send(call: HttpCall): Promise<HttpResponse>;
  readonly clock: Clock;
}

export interface TransportOptions {
  fetch: FetchFunction;
  logger: Logger;
  clock: Clock;
  timeoutMs: number;
}

const CORRELATION_HEADER = 'x-viva-correlationid';

export function createTransport(options: TransportOptions): Transport {
  const { fetch, logger, clock, timeoutMs } = options;

  async function send(call: HttpCall): Promise<HttpResponse> {
    const path = new URL(call.url).pathname; // never the query: it is the caller's data, not ours to log
    const started = performance.now();
    let head: { status: number; headers: Headers } | undefined;
    const log = (level: 'debug' | 'info' | 'warn', fields: Record<string, unknown>) => {
      logger[level]('Viva HTTP call', {
        method: call.method,
        path,
        status: head?.status,
        durationMs: Math.round(performance.now() - started),
        correlationId: head?.headers.get(CORRELATION_HEADER) ?? undefined,
        ...fields,
      });
    };
    let text: string;
    try {
      text = await ky(call.url, {
        method: call.method,
        headers: { accept: 'application/json', ...call.headers },
        json: call.json,
        body: call.form,
        fetch,
        // Never resend by ourselves: a money-moving POST sent twice could charge twice.
        retry: 0,
        timeout: timeoutMs,
        throwHttpErrors: false,
        // A redirect would turn a POST into a GET somewhere else; show it as an unexpected status.
        redirect: 'manual',
        hooks: {
          afterResponse: [
            ({ response }) => {
              head = { status: response.status, headers: response.headers };
            },
          ],
        },
      }).text();
    } catch (error) {
      const failure = transportError(error, timeoutMs, call.phase, head?.headers.get(CORRELATION_HEADER) ?? undefined, head?.status);
      log('warn', { error: failure.code });
      throw failure;
    }
    if (!head) {
      log('warn', { error: 'malformed-response' });
      throw new VivaError('malformed-response', { id: 'viva.no-answer' }, { phase: call.phase });
    }
    const ok = head.status >= 200 && head.status < 300;
    log(ok ? (call.method === 'GET' ? 'debug' : 'info') : 'warn', {});
    return { status: head.status, headers: head.headers, text, correlationId: head.headers.get(CORRELATION_HEADER) ?? undefined };
  }

  return { send, clock };
}

function transportError(
  error: unknown,
  timeoutMs: number,
  phase: VivaErrorPhase,
  correlationId: string | undefined,
  status: number | undefined,
): VivaError {
  if (isTimeoutError(error)) {
    const seconds = timeoutMs >= 1000 ? Math.round(timeoutMs / 100) / 10 : timeoutMs / 1000;
    return new VivaError('timeout', { id: 'viva.timeout', params: { seconds } }, { phase, correlationId, status });
  }
  // Keep only the low-level cause: ky's own error holds the Request, whose headers carry the token.
  const cause = isNetworkError(error) ? error.cause : error;
  return new VivaError('network', { id: 'viva.network' }, {
    phase,
    correlationId,
    status,
    cause,
  });
}

/**
 * JSON.parse, except that integers too large for a double (a 16-digit orderCode sent as a number)
 * are kept as their exact digits instead of being rounded.
 */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
      return context.source;
    }
    return value;
  });
}

/** The JSON body of a response, or a malformed-response error naming what was expected. */
export function jsonBody(response: HttpResponse, what: VivaAnswer, phase: VivaErrorPhase = 'request'): unknown {
  try {
    if (response.text.trim() === '') throw new SyntaxError('empty body');
    return parseJsonText(response.text);
  } catch {
    // No cause attached: V8's SyntaxError quotes the body, which could hold a token.
    throw new VivaError('malformed-response', { id: 'viva.not-json', detail: `(${renderMessage('en', what)})` }, {
      status: response.status,
      correlationId: response.correlationId,
      phase,
    });
  }
}

/** The FastAPI error body (`{"detail": ...}`) if there is one; never throws. */
export function errorBody(response: HttpResponse): ErrorBody | undefined {
  try {
    const parsed = errorBodySchema.safeParse(parseJsonText(response.text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const CREDENTIALS_DETAIL = 'could not validate credentials';

/** 401, or FastAPI's "Could not validate credentials" whatever the status (spec §1.3). */
export function isTokenRejection(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  const detail = errorBody(response)?.detail;
  return typeof detail === 'string' && detail.trim().toLowerCase() === CREDENTIALS_DETAIL;
}

/** Pydantic's error list as field errors: loc ["body","terminalId"] -> "body.terminalId". */
export function fieldErrors(detail: ErrorBody['detail']): VivaFieldError[] | undefined {
  if (!Array.isArray(detail)) return undefined;
  return detail.map((issue) => {
    const field: VivaFieldError = { path: issue.loc.map(String).join('.'), message: issue.msg };
    if (issue.type !== undefined) field.type = issue.type;
    return field;
  });
}

export type MessageOverrides = Partial<Record<VivaErrorCode, MessageRef>>;

/**
 * A non-success response as a VivaError (status table in errors.ts). `overrides` lets an
 * operation say what a status means for it, e.g. 403 on an abort.
 */
export function errorFromResponse(
  response: HttpResponse,
  nowMs: number,
  options: { overrides?: MessageOverrides; phase?: VivaErrorPhase; notFound?: VivaNotFoundCase } = {},
): VivaError {
  const { status } = response;
  const body = errorBody(response);
  const detail = typeof body?.detail === 'string' && body.detail.trim() !== '' ? body.detail.trim().slice(0, 300) : undefined;
  const fields = fieldErrors(body?.detail);
  // Viva's own words are a detail of the English text (logs, the CLI), never the sentence itself.
  const says = detail ? `Viva says: "${detail}".` : undefined;
  const code = codeForStatus(status);
  const listed = fields?.length ? `(${fields.map((field) => `${field.path}: ${field.message}`).join('; ')})` : says;
  const ids: Record<VivaErrorCode, MessageRef> = {
    validation: { id: 'viva.validation', ...(listed ? { detail: listed } : {}) },
    auth: { id: 'viva.auth', ...(says ? { detail: says } : {}) },
    forbidden: { id: 'viva.forbidden', ...(says ? { detail: says } : {}) },
    'not-found': { id: 'viva.not-found', ...(says ? { detail: says } : {}) },
    conflict: { id: 'viva.conflict', ...(says ? { detail: says } : {}) },
    'rate-limited': { id: 'viva.rate-limited' },
    server: { id: 'viva.server', params: { status }, ...(says ? { detail: says } : {}) },
    'malformed-response': { id: 'viva.unexpected-status', params: { status } },
    network: { id: 'viva.network' },
    timeout: { id: 'viva.timeout' },
  };
  const message = ids[code];
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after'), nowMs) : undefined;
  return new VivaError(code, options.overrides?.[code] ?? message, {
    status,
    correlationId: response.correlationId,
    retryAfterMs,
    fields,
    phase: options.phase ?? 'request',
    ...(options.notFound !== undefined && code === 'not-found' ? { notFound: options.notFound } : {}),
  });
}

function codeForStatus(status: number): VivaErrorCode {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500 && status <= 599) return 'server';
  return 'malformed-response';
}

/** Where the bearer token comes from (token-cache.ts). */
export interface TokenSource {
  get(): Promise<{ accessToken: string }>;
  /** Forget this token if it is still the cached one. */
  invalidate(accessToken: string): void;
}

export interface ApiCall {
  method: HttpCall['method'];
  /** Path below the API URL, e.g. "/ecr/v1/transactions:sale". */
  path: string;
  json?: unknown;
  query?: Record<string, string>;
}

export type ApiRequester = (call: ApiCall) => Promise<HttpResponse>;

/**
 * Sends an API call with a bearer token. When Viva rejects the token (401, or the credentials
 * detail text), the token is refreshed and the call sent exactly once more: the rejection proves
 * the first attempt was refused before processing, so even a sale may be resent. A second
 * rejection is an auth error. Every other response is returned for the caller to interpret.
 */
export function createApiRequester(options: { apiUrl: string; tokens: TokenSource; transport: Transport }): ApiRequester {
  const { apiUrl, tokens, transport } = options;

  return async function request(call: ApiCall): Promise<HttpResponse> {
    const url = new URL(`${apiUrl}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
    const send = (accessToken: string) => {
      const http: HttpCall = {
        method: call.method,
        url: url.toString(),
        headers: { authorization: `Bearer ${accessToken}` },
        phase: 'request',
      };
      if (call.json !== undefined) http.json = call.json;
      return transport.send(http);
    };

    const first = await tokens.get();
    const response = await send(first.accessToken);
    if (!isTokenRejection(response)) return response;

    tokens.invalidate(first.accessToken);
    const fresh = await tokens.get();
    const retried = await send(fresh.accessToken);
    if (!isTokenRejection(retried)) return retried;
    throw new VivaError(
      'auth',
      { id: 'viva.auth-again' },
      { status: retried.status, correlationId: retried.correlationId },
    );
  };
}
