import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, ipcChannel } from '../../../electron/contract/channels.ts';
import type { Result } from '../../../electron/contract/envelope.ts';
import type { AppStatus } from '../../../electron/contract/views.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { APP_SCHEME_PRIVILEGES } from '../../../electron/main/protocol.ts';
import { WINDOW_STATE_FILE } from '../../../electron/main/window-state.ts';
import { stubElectronForRequire } from './electron-for-require.ts';
import { eventually } from './shell-harness.ts';

/**
 * electron/main/index.ts itself, run under Node against a stubbed `electron` module: proves the
 * wiring (what a reader would otherwise have to trust): lock, sandbox, protocol, hardening, every
 * channel registered, recovery before the window, events to the page, graceful quit.
 */
type Listener = (...args: unknown[]) => unknown;

// Calls are recorded by hand, not with vi.fn: vitest clears mock calls before each test, and
// these happen once, when main starts (beforeAll).
const electron = vi.hoisted(() => {
  const calls: Record<string, unknown[][]> = {};
  const record =
    <T>(name: string, answer?: T) =>
    (...args: unknown[]): T => {
      (calls[name] ??= []).push(args);
      return answer as T;
    };
  const listeners = new Map<string, Listener[]>();
  const add = (name: string, fn: Listener) => listeners.set(name, [...(listeners.get(name) ?? []), fn]);
  const emit = (name: string, ...args: unknown[]) => (listeners.get(name) ?? []).forEach((fn) => fn(...args));
  const paths: Record<string, string> = {};
  class BrowserWindow {
    static instances: BrowserWindow[] = [];
    options: Record<string, unknown>;
    url = '';
    events = new Map<string, Listener[]>();
    focus = vi.fn();
    webContents = { getURL: () => this.url, send: vi.fn() };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      BrowserWindow.instances.push(this);
    }
    on(name: string, fn: Listener) {
      this.events.set(name, [...(this.events.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Listener) {
      return this.on(name, fn);
    }
    emit(name: string) {
      (this.events.get(name) ?? []).forEach((fn) => fn());
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    maximize() {}
    isDestroyed = () => false;
    isMinimized = () => false;
    restore() {}
    show() {}
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 20, width: 1280, height: 800 });
  }
  const ipcHandlers = new Map<string, Listener>();
  // ipcMain.on listeners (electron-log/main registers `__ELECTRON_LOG__` so, with no sender check).
  const ipcListeners = new Map<string, Listener[]>();
  const updater = { setFeedURL: record('updater.setFeedURL'), checkForUpdatesAndNotify: () => Promise.resolve(record('updater.check')()) };
  return {
    calls,
    listeners,
    emit,
    paths,
    ipcHandlers,
    ipcListeners,
    updater,
    app: {
      // Packaged: as the merchant runs it (and a quiet console).
      isPackaged: true,
      getPath: (name: string) => paths[name] ?? `/nonexistent/${name}`,
      setPath: (name: string, value: string) => {
        paths[name] = value;
      },
      getVersion: () => '0.1.0',
      getName: () => 'Cloud ECR',
      requestSingleInstanceLock: record('requestSingleInstanceLock', true),
      enableSandbox: record('enableSandbox'),
      on: (name: string, fn: Listener) => add(name, fn),
      whenReady: () => Promise.resolve(),
      quit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: record('registerSchemesAsPrivileged'), handle: record('protocol.handle') },
    session: {
      defaultSession: {
        setPermissionRequestHandler: record('setPermissionRequestHandler'),
        setPermissionCheckHandler: record('setPermissionCheckHandler'),
        setDevicePermissionHandler: record('setDevicePermissionHandler'),
        on: record('session.on'),
      },
    },
    ipcMain: {
      handle: (channel: string, fn: Listener) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, fn);
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
      on: (channel: string, fn: Listener) => ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), fn]),
    },
    BrowserWindow,
    screen: {
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: vi.fn() },
    dialog: { showSaveDialog: vi.fn(async () => ({ canceled: true })) },
    shell: { openExternal: vi.fn(), showItemInFolder: vi.fn() },
  };
});

vi.mock('electron', () => electron);
// Whatever feed the environment names, a packaged build must not be pointed at it.
vi.mock('electron-updater', () => ({ default: { autoUpdater: electron.updater } }));

let dir: string;
let unstubRequire: () => void;
const ours = { senderFrame: { url: 'app://ecr/index.html', parent: null } };
const invoke = (channel: string, event: unknown, ...args: unknown[]) => electron.ipcHandlers.get(ipcChannel(channel as never))!(event, ...args) as Promise<Result<unknown>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-main-'));
  vi.stubEnv('ECR_DATA_DIR', dir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  vi.stubEnv('ECR_UPDATE_FEED_URL', 'https://attacker.example/cloud-ecr');
  // Packages Node loads itself (electron-log) see the same stub: what they register is seen here.
  unstubRequire = stubElectronForRequire(electron);
  await import('../../../electron/main/index.ts');
  await eventually(() => electron.BrowserWindow.instances.length === 1, 'the window');
});

afterAll(async () => {
  const log = (await import('electron-log/node')).default;
  log.errorHandler.stopCatching();
  vi.unstubAllEnvs();
  unstubRequire();
  rmSync(dir, { recursive: true, force: true });
});

describe('main, wired against a stubbed electron', () => {
  it('takes the single-instance lock, enables the sandbox and registers app:// before ready, in the data dir', () => {
    expect(electron.calls.requestSingleInstanceLock).toHaveLength(1);
    expect(electron.calls.enableSandbox).toHaveLength(1);
    expect(electron.calls.registerSchemesAsPrivileged).toEqual([[[APP_SCHEME_PRIVILEGES]]]);
    expect(electron.paths.userData).toBe(dir);
    expect(existsSync(join(dir, 'settings.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'logs', 'main.log'))).toBe(true);
  });

  it('serves app:// through the guarded handler and hardens the session', async () => {
    const [scheme, handler] = electron.calls['protocol.handle']![0] as [string, (request: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    expect((await handler(new Request('app://ecr/..%2f..%2fpackage.json'))).status).toBe(403);
    expect(electron.calls.setPermissionRequestHandler).toHaveLength(1);
    expect(electron.calls.setPermissionCheckHandler).toHaveLength(1);
    expect(electron.calls.setDevicePermissionHandler).toHaveLength(1);
    expect(electron.calls['session.on']!.map(([name]) => name)).toEqual(['will-download']);
  });

  it('hardens every web contents the app creates', () => {
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    electron.emit('web-contents-created', {}, contents);
    expect(contents.on.mock.calls.map(([name]) => name)).toEqual(['will-navigate', 'will-redirect', 'will-attach-webview']);
    expect((contents.setWindowOpenHandler.mock.calls[0]![0] as Listener)({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
  });

  it('registers every channel, answers our page and refuses others', async () => {
    expect([...electron.ipcHandlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannel).sort());
    const status = await invoke('getStatus', ours);
    // Recovery ran before the window existed: the till is ready, in training mode.
    expect(status).toMatchObject({ ok: true, value: { environment: 'simulator', training: true, state: 'ready' } satisfies Partial<AppStatus> });
    expect(await invoke('getStatus', { senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: { code: 'foreign-sender' } });
    // A subframe of our own page, of our own origin, is refused too: only the main frame speaks for the till.
    expect(await invoke('getStatus', { senderFrame: { url: 'app://ecr/index.html', parent: ours.senderFrame } })).toMatchObject({ ok: false, error: { code: 'foreign-sender' } });
  });

  it('registers nothing on ipcMain but the contract: no electron-log renderer IPC (`__ELECTRON_LOG__`, no sender check)', () => {
    expect([...electron.ipcListeners.keys()]).toEqual([]);
    expect([...electron.ipcHandlers.keys()].filter((channel) => !(CHANNEL_NAMES.map(ipcChannel) as string[]).includes(channel))).toEqual([]);
  });

  it('does not let ECR_UPDATE_FEED_URL point a packaged build at another feed', async () => {
    // The update check starts after the window; give it its turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(electron.calls['updater.setFeedURL']).toBeUndefined();
    // And this build has no feed of its own (no app-update.yml): no check at all.
    expect(electron.calls['updater.check']).toBeUndefined();
  });

  it('creates the hardened window on app://ecr and forwards engine events to it', async () => {
    const window = electron.BrowserWindow.instances[0]!;
    expect(window.url).toBe('app://ecr/index.html');
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true } });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    const sale = await invoke('startSale', ours, { amount: 1001, terminalId: '16000001' });
    expect(sale).toMatchObject({ ok: true, value: { state: 'pending' } });
    const sent = window.webContents.send.mock.calls.filter(([channel]) => channel === 'ecr:event:session').map(([, record]) => (record as SessionRecord).state);
    expect(sent).toEqual(expect.arrayContaining(['created', 'dispatching', 'pending']));
    await invoke('abortSession', ours, { sessionId: (sale as { value: SessionRecord }).value.sessionId });
  });

  it('focuses the first window on a second launch', () => {
    electron.emit('second-instance');
    expect(electron.BrowserWindow.instances[0]!.focus).toHaveBeenCalledOnce();
  });

  it('remembers the window and quits only after the engine has finished', async () => {
    electron.BrowserWindow.instances[0]!.emit('close');
    expect(existsSync(join(dir, WINDOW_STATE_FILE))).toBe(true);
    const event = { preventDefault: vi.fn() };
    electron.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    await eventually(() => electron.app.quit.mock.calls.length === 1, 'the quit after shutdown');
    expect(await invoke('getStatus', ours)).toMatchObject({ ok: true, value: { state: 'closed' } });
  });
});
