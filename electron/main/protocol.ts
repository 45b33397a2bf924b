import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.ts';

/**
 * The app:// protocol that serves the built renderer (out/renderer) to the window, instead of
 * file:// (which would give the page file-system privileges and an opaque origin). Registered as
 * standard + secure so the page gets a real origin (app://ecr) and the CSP applies.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export type Resolution = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 | 405 };

/**
 * Maps a request URL to a file under `root`, or refuses it. Pure (no disk access): the traversal
 * guard is that the resolved path must stay inside root, checked after percent-decoding, so
 * `..`, `%2e%2e`, encoded slashes and backslashes cannot climb out.
 */
export function resolveAppPath(root: string, url: string, method = 'GET'): Resolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404 };
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (path.includes('\0')) return { ok: false, status: 400 };
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${path.replaceAll('\\', '/')}`);
  if (!file.startsWith(base + sep)) return { ok: false, status: 403 };
  return { ok: true, file };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The headers of every app:// answer: the CSP travels as a header, so the page cannot drop it. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
}

/** The handler passed to `protocol.handle('app', ...)`. */
export function createAppProtocolHandler(root: string, read: (file: string) => Promise<Uint8Array> = readFile) {
  return async (request: Request): Promise<Response> => {
    const resolution = resolveAppPath(root, request.url, request.method);
    if (!resolution.ok) return new Response(null, { status: resolution.status, headers: securityHeaders() });
    try {
      const body = await read(resolution.file);
      const headers = { ...securityHeaders(), 'content-type': contentTypeOf(resolution.file) };
      return new Response(request.method === 'HEAD' ? null : (body as BodyInit), { status: 200, headers });
    } catch {
      return new Response(null, { status: 404, headers: securityHeaders() });
    }
  };
}
