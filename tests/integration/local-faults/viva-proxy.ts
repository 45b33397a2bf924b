import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy lets a test change in Viva's answer to `GET /ecr/v1/sessions/{id}`. */
export interface SessionAnswer {
  sessionId: string;
  status: number;
  body: string;
}

/** Return a replacement answer, or undefined to pass Viva's own answer through untouched. */
export type SessionRewrite = (answer: SessionAnswer) => { status: number; body: string } | undefined;

export interface VivaProxy {
  url: string;
  /** Set by the test for as long as it wants the answers changed. */
  rewrite: SessionRewrite | undefined;
  /** Answers to `GET /ecr/v1/sessions/{id}` the rewrite replaced. */
  rewritten: number;
  close(): Promise<void>;
}

const SESSION_PATH = /^\/ecr\/v1\/sessions\/([^/?]+)$/;

/**
 * A tiny loopback HTTP proxy between the till's client and the simulator, standing in for a
 * caching proxy, a middlebox or a Viva that answers unexpectedly: every request is forwarded as
 * is; answers to one session's GET can be rewritten. Nothing in the till knows it is there.
 */
export async function startVivaProxy(target: string): Promise<VivaProxy> {
  const upstream = new URL(target);
  const proxy: VivaProxy = { url: '', rewrite: undefined, rewritten: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          let status = answer.statusCode ?? 502;
          let body = Buffer.concat(parts);
          const path = (req.url ?? '').split('?')[0] ?? '';
          const match = req.method === 'GET' ? SESSION_PATH.exec(path) : null;
          const changed = match && proxy.rewrite?.({ sessionId: decodeURIComponent(match[1] as string), status, body: body.toString('utf8') });
          const replyHeaders = { ...answer.headers };
          delete replyHeaders['content-length'];
          delete replyHeaders['transfer-encoding'];
          if (changed) {
            proxy.rewritten += 1;
            status = changed.status;
            body = Buffer.from(changed.body, 'utf8');
          }
          res.writeHead(status, { ...replyHeaders, 'content-length': String(body.length) });
          res.end(body);
        });
        answer.on('error', () => res.destroy());
      });
      // The simulator dropping a connection (a lost-response fault) is passed on as a drop.
      out.on('error', () => res.destroy());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
