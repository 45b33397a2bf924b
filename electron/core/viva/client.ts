import type { z } from 'zod';
import { systemClock, type Clock } from '../clock.ts';
import { nullLogger, type Logger } from '../logger.ts';
import type { SecretValues } from '../secret-values.ts';
import type { VivaEndpoints } from './environments.ts';
import { VivaError } from './errors.ts';
import {
  createApiRequester,
  createTransport,
  errorFromResponse,
  jsonBody,
  type FetchFunction,
  type HttpResponse,
  type MessageOverrides,
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
import { deviceListSchema, sessionListSchema, sessionSchema, type VivaDevice, type VivaSession } from './schemas.ts';
import { createTokenCache } from './token-cache.ts';
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
  /** Viva's sessions of one UTC day, YYYY-MM-DD. */
  listSessions(date: string): Promise<VivaSession[]>;
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
  conflict: 'Viva already has a session with this id, so the request was not started again. Check that session before trying anything else.',
};

const PARENT_MESSAGES: MessageOverrides = {
  ...DISPATCH_MESSAGES,
  'not-found': 'Viva could not find the original payment this request refers to.',
};

const ABORT_MESSAGES: MessageOverrides = {
  forbidden: 'Viva refused to cancel: only the cash register that started this payment can cancel it.',
  conflict: 'A cancel for this payment is already in progress.',
  'not-found': 'Viva does not know this payment session, so there is nothing to cancel.',
};

export function createVivaClient(options: VivaClientOptions): VivaClient {
  const { endpoints, credentials } = options;
  if (!credentials || !nonEmpty(credentials.clientId) || !nonEmpty(credentials.clientSecret)) {
    throw new VivaError('auth', 'The Viva POS API client ID and client secret are not set. Enter them in Settings.', { phase: 'local' });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new VivaError('validation', 'The Viva request timeout must be a positive whole number of milliseconds.', { phase: 'local' });
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

  async function dispatch(path: string, body: Record<string, unknown>, overrides: MessageOverrides): Promise<void> {
    const response = await api({ method: 'POST', path, json: body });
    // 200 with an empty body is "relayed towards the terminal" (spec §2.2); any 2xx means accepted.
    if (response.status >= 200 && response.status < 300) return;
    throw fail(response, overrides);
  }

  return {
    async tokenInfo() {
      const token = await tokens.get();
      return { expiresAt: token.expiresAt, scope: token.scope, tokenType: token.tokenType };
    },

    async searchDevices(filter) {
      const response = await api({ method: 'POST', path: PATHS.devices, json: deviceSearchBody(filter) });
      if (response.status !== 200) throw fail(response);
      return parseBody(deviceListSchema, response, 'a device list');
    },

    // async, so a refused request is a rejected promise like every other failure.
    sale: async (request) => dispatch(PATHS.sale, saleBody(request), DISPATCH_MESSAGES),
    refund: async (request) => dispatch(PATHS.refund, refundBody(request), PARENT_MESSAGES),
    unreferencedRefund: async (request) => dispatch(PATHS.unreferencedRefund, unreferencedRefundBody(request), DISPATCH_MESSAGES),
    preauthCompletion: async (request) => dispatch(PATHS.preauthCompletion, preauthCompletionBody(request), PARENT_MESSAGES),

    async getSession(sessionId) {
      const id = checkedSessionId(sessionId);
      const response = await api({ method: 'GET', path: `${PATHS.sessions}/${encodeURIComponent(id)}` });
      if (response.status === 202) return { status: 'pending' };
      if (response.status === 404) return { status: 'not-found' };
      if (response.status !== 200) throw fail(response);
      const body = jsonBody(response, 'a session');
      if (isObject(body) && (body.success === undefined || body.success === null)) return { status: 'pending' };
      return lookupFromSession(parseBody(sessionSchema, response, 'a session', body));
    },

    async listSessions(date) {
      const day = checkedDate(date);
      const response = await api({ method: 'GET', path: PATHS.sessions, query: { date: day } });
      if (response.status !== 200) throw fail(response);
      return parseBody(sessionListSchema, response, 'a session list');
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

/** Validates a JSON body; a violation is a malformed response naming the fields, not their values. */
function parseBody<S extends z.ZodType>(schema: S, response: HttpResponse, what: string, body?: unknown): z.output<S> {
  const parsed = schema.safeParse(body === undefined ? jsonBody(response, what) : body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  throw new VivaError('malformed-response', `Viva sent ${what} the till does not understand (${issues}).`, {
    status: response.status,
    correlationId: response.correlationId,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
