import type { z } from 'zod';
import { systemClock, type Clock } from '../clock.ts';
import { nullLogger, type Logger } from '../logger.ts';
import type { SecretValues } from '../secret-values.ts';
import type { VivaEndpoints } from './environments.ts';
import { VivaError, type VivaNotFoundCase } from './errors.ts';
import {
  createApiRequester,
  createTransport,
  errorBody,
  errorFromResponse,
  jsonBody,
  type FetchFunction,
  type HttpResponse,
  type MessageOverrides,
  type VivaAnswer,
} from './http.ts';
import { lookupFromSession, type SessionLookup } from './outcome.ts';
import {
  checkedCashRegisterId,
  checkedDate,
  checkedSessionId,
  deviceSearchBody,
  preauthCompletionBody,
  refundBody,
  saleBody,
  unreferencedRefundBody,
  type DeviceFilter,
  type PreauthCompletionRequest,
  type RefundRequest,
  type SaleRequest,
  type UnreferencedRefundRequest,
} from './requests.ts';
import { deviceListSchema, sessionSchema, type VivaDevice, type VivaSessionList } from './schemas.ts';
import { parseSessionList } from './session-list.ts';
import { createTokenCache } from './token-cache.ts';
import type { MessageRef } from '../../domain/messages.ts';
import { requestAccessToken, type VivaCredentials } from './token-endpoint.ts';

export interface VivaClientOptions {
  endpoints: VivaEndpoints;
  credentials: VivaCredentials;
  fetch?: FetchFunction;
  clock?: Clock;
  logger?: Logger;
  /** Per HTTP request, until the whole answer is read. Default 10 s. */
  timeoutMs?: number;
  /** OAuth scope to ask for; by default none is sent (as Odoo does), which Viva accepts. */
  scope?: string;
  /** Replace the token this long before it expires. Default 60 s. */
  tokenRefreshMarginMs?: number;
  /** Every access token obtained is added here, so the journal and logs can cut it out (promise 8). */
  secretValues?: SecretValues;
}

export interface VivaTokenInfo {
  expiresAt: number;
  scope: string | undefined;
  tokenType: string;
}

export interface VivaClient {
  /** Obtains (or reuses) the access token and says when it expires; never returns the token. */
  tokenInfo(): Promise<VivaTokenInfo>;
  searchDevices(filter?: DeviceFilter): Promise<VivaDevice[]>;
  /** Resolves when Viva accepted the request for the terminal; the outcome comes from getSession. */
  sale(request: SaleRequest): Promise<void>;
  refund(request: RefundRequest): Promise<void>;
  unreferencedRefund(request: UnreferencedRefundRequest): Promise<void>;
  preauthCompletion(request: PreauthCompletionRequest): Promise<void>;
  getSession(sessionId: string): Promise<SessionLookup>;
  /**
   * Viva's sessions of one UTC day, YYYY-MM-DD, read entry by entry: an entry that does not parse
   * is returned in `unreadable`, never a reason to drop the others.
   */
  listSessions(date: string): Promise<VivaSessionList>;
  /** Asks the terminal to abort; resolves when queued. Keep polling: the payment may still succeed. */
  abortSession(sessionId: string, cashRegisterId: string): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const PATHS = {
  devices: '/ecr/v1/devices:search',
  sale: '/ecr/v1/transactions:sale',
  refund: '/ecr/v1/transactions:refund',
  unreferencedRefund: '/ecr/v1/transactions:unreferenced-refund',
  preauthCompletion: '/ecr/v1/transactions:preauth-completion',
  sessions: '/ecr/v1/sessions',
} as const;

const DISPATCH_MESSAGES: MessageOverrides = {
  conflict: { id: 'viva.dispatch-conflict' },
};

/**
 * FastAPI's own answer for a route it does not serve. Viva gives exactly this for an operation
 * the account does not have (#2511: pre-auth completion "exactly the same" as a misspelt route).
 */
const ROUTE_NOT_FOUND = 'not found';

const NOT_ENABLED_MESSAGE: MessageRef = { id: 'viva.not-enabled' };
const PARENT_UNKNOWN_MESSAGE: MessageRef = { id: 'viva.parent-unknown' };

const ABORT_MESSAGES: MessageOverrides = {
  forbidden: { id: 'viva.abort-forbidden' },
  conflict: { id: 'viva.abort-conflict' },
  'not-found': { id: 'viva.abort-not-found' },
};

export function createVivaClient(options: VivaClientOptions): VivaClient {
  const { endpoints, credentials } = options;
  if (!credentials || !nonEmpty(credentials.clientId) || !nonEmpty(credentials.clientSecret)) {
    throw new VivaError('auth', { id: 'viva.no-credentials' }, { phase: 'local' });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new VivaError('validation', { id: 'viva.bad-timeout' }, { phase: 'local' });
  }
  const clock = options.clock ?? systemClock;
  // Looked up at call time, so a fetch installed later (tests, proxies) is honoured.
  const fetch: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const transport = createTransport({ fetch, logger: options.logger ?? nullLogger, clock, timeoutMs });
  const tokens = createTokenCache({
    fetchToken: () => requestAccessToken({ endpoints, credentials, scope: options.scope, transport, secretValues: options.secretValues }),
    clock,
    refreshMarginMs: options.tokenRefreshMarginMs,
  });
  const api = createApiRequester({ apiUrl: endpoints.apiUrl, tokens, transport });

  const fail = (response: HttpResponse, overrides?: MessageOverrides) =>
    errorFromResponse(response, clock.now(), overrides ? { overrides } : {});

  /**
   * A money-moving POST, sent once. A 404 says which case it can be (`notFound`): FastAPI's bare
   * "Not Found" is an operation the account lacks; any other 404 on a request with a parent is
   * the parent session Viva does not know. Either way Viva refused it: nothing to resend or poll.
   */
  async function dispatch(path: string, body: Record<string, unknown>, hasParent: boolean): Promise<void> {
    const response = await api({ method: 'POST', path, json: body });
    // 200 with an empty body is "relayed towards the terminal" (spec §2.2); any 2xx means accepted.
    if (response.status >= 200 && response.status < 300) return;
    if (response.status !== 404) throw fail(response, DISPATCH_MESSAGES);
    const detail = errorBody(response)?.detail;
    const routeMissing = typeof detail !== 'string' || detail.trim().toLowerCase() === ROUTE_NOT_FOUND;
    const notFound: VivaNotFoundCase = routeMissing || !hasParent ? 'operation-not-enabled' : 'parent-unknown';
    throw errorFromResponse(response, clock.now(), {
      overrides: { 'not-found': notFound === 'parent-unknown' ? PARENT_UNKNOWN_MESSAGE : NOT_ENABLED_MESSAGE },
      notFound,
    });
  }

  return {
    async tokenInfo() {
      const token = await tokens.get();
      return { expiresAt: token.expiresAt, scope: token.scope, tokenType: token.tokenType };
    },

    async searchDevices(filter) {
      const response = await api({ method: 'POST', path: PATHS.devices, json: deviceSearchBody(filter) });
      if (response.status !== 200) throw fail(response);
      return parseBody(deviceListSchema, response, 'viva.answer.device-list');
    },

    // async, so a refused request is a rejected promise like every other failure.
    sale: async (request) => dispatch(PATHS.sale, saleBody(request), false),
    refund: async (request) => dispatch(PATHS.refund, refundBody(request), true),
    unreferencedRefund: async (request) => dispatch(PATHS.unreferencedRefund, unreferencedRefundBody(request), false),
    preauthCompletion: async (request) => dispatch(PATHS.preauthCompletion, preauthCompletionBody(request), true),

    async getSession(sessionId) {
      const id = checkedSessionId(sessionId);
      const response = await api({ method: 'GET', path: `${PATHS.sessions}/${encodeURIComponent(id)}` });
      if (response.status === 202) return { status: 'pending' };
      if (response.status === 404) return { status: 'not-found' };
      if (response.status !== 200) throw fail(response);
      const body = jsonBody(response, 'viva.answer.session');
      if (isObject(body) && (body.success === undefined || body.success === null)) return { status: 'pending' };
      return lookupFromSession(parseBody(sessionSchema, response, 'viva.answer.session', body));
    },

    async listSessions(date) {
      const day = checkedDate(date);
      const response = await api({ method: 'GET', path: PATHS.sessions, query: { date: day } });
      if (response.status !== 200) throw fail(response);
      const list = parseSessionList(jsonBody(response, 'viva.answer.session-list'));
      if (list === null) {
        throw new VivaError('malformed-response', { id: 'viva.not-understood', params: { whatPhrase: 'viva.answer.session-list' }, detail: '(neither a list nor a session)' }, {
          status: response.status,
          correlationId: response.correlationId,
        });
      }
      return list;
    },

    async abortSession(sessionId, cashRegisterId) {
      const id = checkedSessionId(sessionId);
      const register = checkedCashRegisterId(cashRegisterId);
      const response = await api({
        method: 'DELETE',
        path: `${PATHS.sessions}/${encodeURIComponent(id)}`,
        query: { cashRegisterId: register },
      });
      if (response.status >= 200 && response.status < 300) return;
      throw fail(response, ABORT_MESSAGES);
    },
  };
}

/**
 * Validates a JSON body; a violation is a malformed response naming the fields, not their values.
 * The problems are also data (`fields`), so a caller can record what was wrong with the body.
 */
function parseBody<S extends z.ZodType>(schema: S, response: HttpResponse, what: VivaAnswer, body?: unknown): z.output<S> {
  const parsed = schema.safeParse(body === undefined ? jsonBody(response, what) : body);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.') || 'body', message: issue.message }));
  const issues = fields
    .slice(0, 3)
    .map((field) => `${field.path}: ${field.message}`)
    .join('; ');
  throw new VivaError('malformed-response', { id: 'viva.not-understood', params: { whatPhrase: what }, detail: `(${issues})` }, {
    status: response.status,
    correlationId: response.correlationId,
    fields,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
