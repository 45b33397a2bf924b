import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, contentTypeOf, createAppProtocolHandler, resolveAppPath } from '../../../electron/main/protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ecr-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>till</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  // Beside the renderer, where a traversal would reach.
  writeFileSync(join(base, 'secret.txt'), 'not for the page');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// path resolution', () => {
  it('maps the page and its assets inside the renderer folder', () => {
    expect(resolveAppPath(root, 'app://ecr/')).toEqual({ ok: true, file: resolve(root, 'index.html') });
    expect(resolveAppPath(root, 'app://ecr/index.html')).toEqual({ ok: true, file: resolve(root, 'index.html') });
    expect(resolveAppPath(root, 'app://ecr/assets/index-abc.js?v=1#x')).toEqual({ ok: true, file: resolve(root, 'assets', 'index-abc.js') });
  });

  it('refuses every way out of the folder', () => {
    for (const url of [
      'app://ecr/..%2fsecret.txt',
      'app://ecr/assets/..%2f..%2fsecret.txt',
      'app://ecr/..%5csecret.txt',
      'app://ecr/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    ]) {
      expect(resolveAppPath(root, url), url).toEqual({ ok: false, status: 403 });
    }
    // ../ and %2e%2e/ are folded by URL parsing itself and stay inside the folder.
    for (const url of ['app://ecr/../../secret.txt', 'app://ecr/%2e%2e/secret.txt']) {
      expect(resolveAppPath(root, url), url).toEqual({ ok: true, file: resolve(root, 'secret.txt') });
    }
  });

  it('refuses other hosts, schemes, broken escapes, NUL and writes', () => {
    expect(resolveAppPath(root, 'app://other/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'app://ecr/%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://ecr/index.html%00.js')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'nonsense')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://ecr/index.html', 'POST')).toEqual({ ok: false, status: 405 });
  });

  it('registers the scheme as standard and secure', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});

describe('the app:// handler', () => {
  const handler = () => createAppProtocolHandler(root);

  it('serves files with their type and the CSP as a header', async () => {
    const response = await handler()(new Request('app://ecr/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>till</title>');
    const script = await handler()(new Request('app://ecr/assets/index-abc.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 403 to a traversal and 404 to a missing file, never the file outside', async () => {
    const traversal = await handler()(new Request('app://ecr/..%2fsecret.txt'));
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).toBe('');
    expect((await handler()(new Request('app://ecr/missing.js'))).status).toBe(404);
    expect((await handler()(new Request('app://ecr/assets'))).status).toBe(404);
  });

  it('knows the types the renderer build produces', () => {
    expect(contentTypeOf('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('a.SVG')).toBe('image/svg+xml');
    expect(contentTypeOf('a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('a.bin')).toBe('application/octet-stream');
  });
});
