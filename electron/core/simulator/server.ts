import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { vivaRoutes } from './api-routes.ts';
import type { Credentials } from './auth.ts';
import type { SimulatorConfig } from './config.ts';
import { controlErrorReply, controlRoutes } from './control-routes.ts';
import { createControl, type SimulatorControl } from './control.ts';
import { faultReply } from './faults.ts';
import { BodyTooLargeError, detail, matchRoute, readRequestBody, writeReply, type HttpRequest, type Reply, type Route } from './http.ts';
import { createState, type SimulatorDeps, type SimulatorState } from './state.ts';

/**
 * One HTTP server on loopback serving Viva's accounts token endpoint, the Cloud Terminal API and
 * the simulator's own /_sim control routes, all on the same port (the accounts URL and the API
 * URL can both point at it).
 */
export interface SimulatorOptions extends SimulatorDeps, Partial<SimulatorConfig> {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningSimulator {
  /** http://host:port, usable as both the accounts URL and the API URL. */
  url: string;
  port: number;
  host: string;
  /** The first accepted client credential. */
  credentials: Credentials;
  control: SimulatorControl;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { port = 0, host = '127.0.0.1', clock, logger, sleep, random, newId, terminals, credentials, merchantId, ...settings } = options;
  const state = createState({ clock, logger, sleep, random, newId, terminals, credentials, merchantId }, settings);
  const control = createControl(state);
  const api = vivaRoutes(state);
  const sim = controlRoutes(control);

  const server = createServer((req, res) => {
    handle(state, api, sim, req, res).catch((error: unknown) => {
      state.logger.error('simulator: request failed', { error, method: req.method, path: req.url?.split('?')[0] });
      if (!res.headersSent) writeReply(res, detail(500, 'Internal Server Error'), commonHeaders(state, performance.now()));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  state.logger.info('simulator: listening', { url });

  return {
    url,
    port: address.port,
    host,
    credentials: state.credentials[0] as Credentials,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  state: SimulatorState,
  api: readonly Route[],
  sim: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://simulator.local');
  const method = req.method ?? 'GET';
  const isControl = url.pathname === '/_sim' || url.pathname.startsWith('/_sim/');

  let body: Buffer;
  try {
    body = await readRequestBody(req, BODY_LIMIT_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    writeReply(res, detail(413, 'Request Entity Too Large'), commonHeaders(state, started));
    return;
  }

  const match = matchRoute(isControl ? sim : api, method, url.pathname);
  const request = (params: Record<string, string>): HttpRequest => ({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    params,
  });

  let reply: Reply;
  if (match === 'not-found') reply = detail(404, 'Not Found');
  else if (match === 'method-not-allowed') reply = detail(405, 'Method Not Allowed');
  else if (isControl) reply = await controlReply(() => match.route.handle(request(match.params)));
  else reply = await apiReply(state, url.pathname, () => match.route.handle(request(match.params)));

  if (!isControl) {
    state.logger.debug('simulator: request', { method, path: url.pathname, status: reply.drop ? 'dropped' : reply.status });
    if (state.config.responseDelayMs > 0) await state.sleep(state.config.responseDelayMs);
  }
  if (reply.drop) {
    // The request was handled but the client never hears back: no status line, no headers.
    req.socket.destroy();
    return;
  }
  writeReply(res, reply, commonHeaders(state, started));
}

async function controlReply(run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    const reply = controlErrorReply(error);
    if (reply) return reply;
    throw error;
  }
}

/** Faults hit the Cloud Terminal routes only; the token endpoint keeps working. */
async function apiReply(state: SimulatorState, path: string, run: () => Reply | Promise<Reply>): Promise<Reply> {
  const fault = path.startsWith('/ecr/') ? state.faults.take() : undefined;
  if (fault && !fault.afterProcessing) return faultReply(fault);
  const reply = await run();
  if (!fault && !reply.drop) return reply;
  // The request was processed but its real answer never reaches the client.
  if (reply.sessionId !== undefined) {
    const session = state.sessions.get(reply.sessionId);
    if (session) session.responseLost = true;
  }
  return fault ? faultReply(fault) : reply;
}

function commonHeaders(state: SimulatorState, started: number): Record<string, string> {
  return {
    server: 'uvicorn',
    'x-viva-correlationid': state.newId(),
    'x-process-time': ((performance.now() - started) / 1000).toFixed(4),
  };
}
