import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * The small HTTP toolkit of the simulator: handlers are plain functions from a parsed request to
 * a `Reply`, so the server decides in one place about delays, faults and common headers.
 */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
}

export interface Reply {
  status: number;
  /** A JSON body (compact, like FastAPI's JSONResponse). */
  json?: unknown;
  /** A non-JSON body. */
  text?: { body: string; contentType: string };
  headers?: Record<string, string>;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
  /** The session a dispatch created, so the server can record that its answer was lost. */
  sessionId?: string;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, json: body, headers } : { status, json: body };
export const detail = (status: number, message: unknown): Reply => json(status, { detail: message });
/** Viva's dispatch/abort answer: 200 with an empty body (content-length: 0). */
export const empty = (status = 200): Reply => ({ status });

export type Handler = (request: HttpRequest) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handle: Handler;
}

/** A route for a path template such as `/ecr/v1/sessions/{sessionId}` (a parameter is one segment). */
export function route(method: string, template: string, handle: Handler): Route {
  const keys: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const key = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (key) {
        keys.push(key);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { method, pattern: new RegExp(`^${source}$`), keys, handle };
}

export type Match = { route: Route; params: Record<string, string> } | 'method-not-allowed' | 'not-found';

export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  let pathKnown = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    pathKnown = true;
    if (candidate.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [i, key] of candidate.keys.entries()) params[key] = safeDecode(found[i + 1] ?? '');
    return { route: candidate, params };
  }
  return pathKnown ? 'method-not-allowed' : 'not-found';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(`Request body larger than ${limitBytes} bytes.`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function writeReply(res: ServerResponse, reply: Reply, common: Record<string, string>): void {
  const headers: Record<string, string> = { ...common, ...reply.headers };
  let payload = '';
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers['content-type'] = 'application/json';
  } else if (reply.text) {
    payload = reply.text.body;
    headers['content-type'] = reply.text.contentType;
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
