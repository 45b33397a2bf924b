import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVivaClient, customEndpoints, type VivaClient, type VivaClientOptions } from '../../../electron/core/viva/index.ts';

/**
 * A tiny scripted stand-in for Viva on 127.0.0.1 (not the project's simulator): each test says
 * what the token endpoint and the API answer, and reads back every request that arrived.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number }
  /** Never answer. */
  | 'hang'
  /** Send the status line and headers, then never finish the body. */
  | 'stall-body'
  /** Drop the connection without answering. */
  | 'destroy';

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export const CLIENT_ID = 'till-7.apps.vivapayments.com';
export const CLIENT_SECRET = 'Sup3rS3cretClientValue';
/** Tokens deliberately not JWT-shaped, so a leak is not masked by the logger's JWT redaction. */
export const tokenNumber = (n: number) => `opaque-bearer-${n}-Xq9Zk`;

export interface FakeViva {
  url: string;
  requests: RecordedRequest[];
  tokenRequests(): RecordedRequest[];
  apiRequests(): RecordedRequest[];
  /** Script the API (everything but /connect/token). Default: 200, empty body. */
  onApi(handler: Handler): void;
  /** Script the token endpoint. Default: a new token per request, expires_in 3600. */
  onToken(handler: Handler): void;
  reset(): void;
  close(): Promise<void>;
}

export function issueTokens(expiresIn = 3600): Handler {
  let issued = 0;
  return () => ({
    json: { access_token: tokenNumber(++issued), expires_in: expiresIn, token_type: 'Bearer', scope: 'urn:viva:payments:ecr:api' },
    headers: { 'x-viva-correlationid': `token-corr-${issued}` },
  });
}

const emptyOk: Handler = () => ({ status: 200 });

export async function startFakeViva(): Promise<FakeViva> {
  const requests: RecordedRequest[] = [];
  let api: Handler = emptyOk;
  let token: Handler = issueTokens();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const handler = recorded.path === '/connect/token' ? token : api;
      void Promise.resolve(handler(recorded)).then(async (reply) => {
        if (reply === 'hang') return;
        if (reply === 'destroy') {
          req.socket.destroy();
          return;
        }
        if (reply === 'stall-body') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"sessionId":');
          return;
        }
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
        const headers: Record<string, string> = { server: 'uvicorn', ...reply.headers };
        if (reply.json !== undefined) headers['content-type'] ??= 'application/json';
        res.writeHead(reply.status ?? 200, headers);
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tokenRequests: () => requests.filter((r) => r.path === '/connect/token'),
    apiRequests: () => requests.filter((r) => r.path !== '/connect/token'),
    onApi(handler) {
      api = handler;
    },
    onToken(handler) {
      token = handler;
    },
    reset() {
      requests.length = 0;
      api = emptyOk;
      token = issueTokens();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function clientFor(fake: FakeViva, options: Partial<VivaClientOptions> = {}): VivaClient {
  return createVivaClient({
    endpoints: customEndpoints({ accountsUrl: fake.url, apiUrl: fake.url }),
    credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    ...options,
  });
}

/** The bearer token a request carried, or undefined. */
export function bearerOf(request: RecordedRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/** Runs a promise that must reject and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
