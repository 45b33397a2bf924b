import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { recordingLogger } from '../../../electron/core/logger.ts';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
  isOurPage,
  isSafeExternalUrl,
  mainWindowOptions,
  openExternalSafely,
  permissionCheckHandler,
  permissionRequestHandler,
  windowOpenHandler,
  type WebContentsLike,
} from '../../../electron/main/security.ts';

describe('the window options', () => {
  const options = mainWindowOptions({ preload: '/app/out/preload/index.cjs', bounds: { width: 1280, height: 800 }, devTools: false });

  it('sandbox, context isolation, no Node, web security: the whole checklist', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('opens hidden until ready, at the restored size, no smaller than the minimum', () => {
    expect(options).toMatchObject({ show: false, width: 1280, height: 800, minWidth: 1024, minHeight: 700 });
    expect(mainWindowOptions({ preload: 'p', bounds: { x: 5, y: 6, width: 1100, height: 720 }, devTools: true })).toMatchObject({
      x: 5,
      y: 6,
      webPreferences: { devTools: true },
    });
  });
});

describe('our page, navigation and new windows', () => {
  it('recognises only the app:// origin (and a dev server when one is passed in)', () => {
    expect(isOurPage('app://ecr/index.html')).toBe(true);
    expect(isOurPage('app://ecr/')).toBe(true);
    for (const url of ['app://evil/index.html', 'https://ecr/', 'file:///app/out/renderer/index.html', 'http://localhost:5173/', 'app://user:pw@ecr/', 'not a url', '', null, undefined]) {
      expect(isOurPage(url), String(url)).toBe(false);
    }
    expect(isOurPage('http://localhost:5173/src/main.ts', [APP_ORIGIN, 'http://localhost:5173'])).toBe(true);
  });

  it('denies navigation away from the page', () => {
    expect(isAllowedNavigation('app://ecr/index.html')).toBe(true);
    expect(isAllowedNavigation('https://www.viva.com/')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
    expect(isAllowedNavigation('data:text/html,<script>1</script>')).toBe(false);
  });

  it('denies every new window', () => {
    expect(windowOpenHandler({ url: 'https://www.viva.com/' } as never)).toEqual({ action: 'deny' });
    expect(windowOpenHandler({ url: 'app://ecr/index.html' } as never)).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const callback = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'openExternal']) {
      permissionRequestHandler({}, permission, callback);
    }
    expect(callback.mock.calls.every(([granted]) => granted === false)).toBe(true);
    expect(callback).toHaveBeenCalledTimes(6);
    expect(permissionCheckHandler()).toBe(false);
  });

  it('wires the guards to a web contents: navigation, redirects, webviews, window.open', () => {
    const contents = Object.assign(new EventEmitter(), { openHandler: undefined as ((d: { url: string }) => unknown) | undefined });
    const like = contents as unknown as WebContentsLike & EventEmitter;
    like.setWindowOpenHandler = (handler) => {
      contents.openHandler = handler as never;
    };
    const logger = recordingLogger();
    hardenWebContents(like, { origins: [APP_ORIGIN], logger });

    const away = { url: 'https://evil.example/?token=abc', preventDefault: vi.fn() };
    contents.emit('will-navigate', away, away.url);
    expect(away.preventDefault).toHaveBeenCalledOnce();
    const reload = { url: 'app://ecr/index.html', preventDefault: vi.fn() };
    contents.emit('will-navigate', reload, reload.url);
    expect(reload.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'http://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalledOnce();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview, {}, { src: 'https://evil.example/' });
    expect(webview.preventDefault).toHaveBeenCalledOnce();
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    // The log names the scheme, never the URL (it may carry a token).
    expect(JSON.stringify(logger.records)).not.toContain('token=abc');
    expect(logger.records.some((r) => r.fields.scheme === 'https')).toBe(true);
  });

  it('wires the session: permissions, devices and downloads denied', () => {
    const session = Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    });
    hardenSession(session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(permissionRequestHandler);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(permissionCheckHandler);
    expect(session.setDevicePermissionHandler.mock.calls[0]![0]()).toBe(false);
    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('external links', () => {
  it('opens https links only, through the one helper', async () => {
    const open = vi.fn(async () => {});
    expect(await openExternalSafely('https://developer.viva.com/apis-for-point-of-sale/', open)).toBe(true);
    expect(open).toHaveBeenCalledWith('https://developer.viva.com/apis-for-point-of-sale/');
    for (const url of ['http://developer.viva.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'https://user:pw@viva.com/', 'ms-settings:', 'app://ecr/', 42, '']) {
      expect(await openExternalSafely(url, open), String(url)).toBe(false);
      expect(isSafeExternalUrl(url)).toBe(false);
    }
    expect(open).toHaveBeenCalledOnce();
  });
});

describe('the content security policy', () => {
  it('allows only the page itself: no remote origin, no network, no inline script, no eval', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
