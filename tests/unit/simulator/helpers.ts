import { randomUUID } from 'node:crypto';
import { manualClock } from '../../../electron/core/clock.ts';
import {
  SIMULATOR_CLIENT_ID,
  SIMULATOR_CLIENT_SECRET,
  KIND_CONFIG,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../electron/core/simulator/index.ts';

/**
 * A simulator on a free loopback port with a manual clock, plus a tiny fetch-based client that
 * speaks Viva's wire format directly (no client library: these tests are the contract).
 */
export const START = Date.UTC(2026, 2, 10, 12, 0, 0);

export const TIMINGS = {
  customerTimeMs: 1000,
  sessionLifetimeMs: 60_000,
  abortAckMs: 500,
  flipAfterMs: 20_000,
  resultDisplayMs: 5000,
} as const;

export interface Harness {
  sim: RunningSimulator;
  clock: ReturnType<typeof manualClock>;
  url: string;
  token: string;
  api: Api;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}, start = START): Promise<Harness> {
  const clock = manualClock(start);
  // These unit tests pin one behaviour each, so they start from the kind world and ask for the
  // harsh behaviour they test (tests/unit/simulator/harsh.test.ts tests the defaults).
  const sim = await startSimulator({ clock, ...KIND_CONFIG, ...TIMINGS, ...options });
  let closed = false;
  // Idempotent, so an afterEach may close a harness a test already closed.
  const close = async () => {
    if (closed) return;
    closed = true;
    await sim.close();
  };
  try {
    const token = await fetchToken(sim.url, sim.credentials.clientId, sim.credentials.clientSecret);
    return { sim, clock, url: sim.url, token, api: new Api(sim.url, token), close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function basicAuth(id = SIMULATOR_CLIENT_ID, secret = SIMULATOR_CLIENT_SECRET): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function fetchToken(url: string, id?: string, secret?: string): Promise<string> {
  const res = await fetch(`${url}/connect/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(id, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`token: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined for an empty / non-JSON body; loosely typed for terse assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export function saleBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sessionId: randomUUID(),
    terminalId: '16000001',
    cashRegisterId: 'REG-1',
    amount: 1250,
    currencyCode: '978',
    merchantReference: 'order-1',
    customerTrns: null,
    tipAmount: 0,
    ...overrides,
  };
}

export class Api {
  readonly url: string;
  token: string;

  constructor(url: string, token: string) {
    this.url = url;
    this.token = token;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...extra };
  }

  async post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer> {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    return answer(await fetch(`${this.url}${path}`, { method: 'POST', headers: headers ?? this.headers(), body: payload }));
  }

  async get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return answer(await fetch(`${this.url}${path}`, { headers: headers ?? this.headers() }));
  }

  async del(path: string): Promise<Answer> {
    return answer(await fetch(`${this.url}${path}`, { method: 'DELETE', headers: this.headers() }));
  }

  /** POST transactions:sale; returns the answer and the sessionId used. */
  async sale(overrides: Record<string, unknown> = {}): Promise<Answer & { sessionId: string }> {
    const body = saleBody(overrides);
    return { ...(await this.post('/ecr/v1/transactions:sale', body)), sessionId: String(body.sessionId) };
  }

  async transaction(kind: string, overrides: Record<string, unknown>): Promise<Answer & { sessionId: string }> {
    const body = saleBody(overrides);
    return { ...(await this.post(`/ecr/v1/transactions:${kind}`, body)), sessionId: String(body.sessionId) };
  }

  session(sessionId: string): Promise<Answer> {
    return this.get(`/ecr/v1/sessions/${encodeURIComponent(sessionId)}`);
  }

  abort(sessionId: string, cashRegisterId = 'REG-1'): Promise<Answer> {
    return this.del(`/ecr/v1/sessions/${encodeURIComponent(sessionId)}?cashRegisterId=${encodeURIComponent(cashRegisterId)}`);
  }
}

/** Control calls over HTTP (/_sim), JSON in and out. */
export async function sim(url: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return answer(await fetch(`${url}/_sim${path}`, init));
}

/** Every field of Viva's session object (spec §3). */
export const SESSION_FIELDS = [
  'sessionId', 'terminalId', 'cashRegisterId', 'amount', 'currencyCode', 'merchantReference', 'customerTrns',
  'tipAmount', 'aid', 'showTransactionResult', 'showReceipt', 'skipSurcharge', 'success', 'eventId',
  'transactionEventId', 'cardType', 'authorizationId', 'transactionId', 'transactionTypeId',
  'retrievalReferenceNumber', 'panEntryMode', 'applicationLabel', 'bankId', 'primaryAccountNumberMasked',
  'transactionDateTime', 'interappCallback', 'abortOperation', 'abortAckTime', 'abortSuccess', 'loyaltyInfo',
  'verificationMethod', 'tid', 'shortOrderCode', 'installments', 'message', 'preauth', 'referenceNumber',
  'orderCode', 'aadeTransactionId', 'dccDetails', 'fiscalisationDetails', 'surchargeAmount',
];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
