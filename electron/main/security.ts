import type { BrowserWindowConstructorOptions, HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import type { Logger } from '../core/logger.ts';

/**
 * Electron's security checklist as plain functions (https://www.electronjs.org/docs/latest/tutorial/security):
 * main wires them to the window, its web contents and the session; tests call them directly.
 */

/** The renderer's own origin: served by the app:// protocol (protocol.ts), never from file:// or the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ecr';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The page's Content Security Policy: only its own scripts, no remote origin of any kind, and no
 * network at all (`connect-src 'none'`): the renderer talks to window.ecr, never to Viva.
 * Inline styles are allowed because Svelte writes `style` attributes; inline scripts are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface WindowOptionsInput {
  preload: string;
  bounds: { x?: number; y?: number; width: number; height: number };
  /** Developer tools: only in development builds. */
  devTools: boolean;
  title?: string;
}

export const MIN_WINDOW_SIZE = { width: 1024, height: 700 } as const;

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: input.title ?? 'Cloud ECR',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: input.preload,
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
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}

/**
 * Whether a URL is the till's own page: the app:// origin, or in development the electron-vite
 * dev server's origin (passed in only when the app is not packaged).
 */
export function isOurPage(url: string | null | undefined, origins: readonly string[] = [APP_ORIGIN]): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // URL.origin is "null" for non-special schemes such as app:, so compare protocol + host.
  const origin = `${parsed.protocol}//${parsed.host}`;
  return parsed.username === '' && parsed.password === '' && origins.includes(origin);
}

/** Navigation away from the page is refused; only our own origin may load (e.g. a reload). */
export function isAllowedNavigation(url: string, origins: readonly string[] = [APP_ORIGIN]): boolean {
  return isOurPage(url, origins);
}

/** window.open and target=_blank: always refused (links go out through openExternalSafely). */
export function windowOpenHandler(_details?: HandlerDetails): WindowOpenHandlerResponse {
  return { action: 'deny' };
}

/** Camera, microphone, notifications, geolocation, HID, serial...: a till's page needs none. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function permissionCheckHandler(): boolean {
  return false;
}

/** The only kind of link that may leave the app: https, with no credentials in it. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** The one helper that opens links in the system browser (shell.openExternal is passed in). */
export async function openExternalSafely(url: unknown, open: (url: string) => Promise<void>, logger?: Logger): Promise<boolean> {
  if (!isSafeExternalUrl(url)) {
    logger?.warn('refused to open a link that is not https');
    return false;
  }
  await open(new URL(url).toString());
  return true;
}

/** What hardenWebContents needs of Electron's WebContents (a fake in tests). */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { url?: string; preventDefault(): void }, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

/** Applied to every web contents the app creates (app 'web-contents-created'). */
export function hardenWebContents(contents: WebContentsLike, options: { origins: readonly string[]; logger?: Logger }): void {
  const guard = (event: { url?: string; preventDefault(): void }, url?: string) => {
    const target = event.url ?? url ?? '';
    if (isAllowedNavigation(target, options.origins)) return;
    event.preventDefault();
    options.logger?.warn('refused a navigation away from the app', { scheme: schemeOf(target) });
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.logger?.warn('refused a webview');
  });
  contents.setWindowOpenHandler((details) => {
    options.logger?.warn('refused to open a new window', { scheme: schemeOf(details.url) });
    return windowOpenHandler(details);
  });
}

/** What hardenSession needs of Electron's Session. */
export interface SessionLike {
  setPermissionRequestHandler(handler: typeof permissionRequestHandler): void;
  setPermissionCheckHandler(handler: typeof permissionCheckHandler): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  on(event: 'will-download', listener: (event: { preventDefault(): void }) => void): unknown;
}

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler(permissionRequestHandler);
  session.setPermissionCheckHandler(permissionCheckHandler);
  session.setDevicePermissionHandler(() => false);
  // Exports are written by main through a save dialog; the page itself downloads nothing.
  session.on('will-download', (event) => event.preventDefault());
}

/** Only the scheme goes to the log: a URL may carry tokens in its query. */
function schemeOf(url: string | undefined): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url ?? '');
  return match ? match[1]!.toLowerCase() : 'none';
}
