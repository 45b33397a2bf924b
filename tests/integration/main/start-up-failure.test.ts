import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubElectronForRequire } from './electron-for-require.ts';
import { eventually } from './shell-harness.ts';

/**
 * electron/main/index.ts, run under Node against a stubbed `electron`, with one native module
 * that cannot load (a damaged install, a missing libsecret): the merchant must get a dialog that
 * names it and says to reinstall, not a main process that dies before any window or dialog.
 * Each case re-runs the entry from scratch (vi.resetModules) with another module broken.
 */
type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Listener[]>();
  const paths: Record<string, string> = {};
  const ipc: string[] = [];
  const stub = {
    paths,
    ipc,
    errorBoxes: [] as [string, string][],
    windows: 0,
    app: {
      isPackaged: true,
      getPath: (name: string) => paths[name] ?? `/nonexistent/${name}`,
      setPath: (name: string, value: string) => {
        paths[name] = value;
      },
      getVersion: () => '0.1.0',
      getName: () => 'Cloud ECR',
      requestSingleInstanceLock: () => true,
      enableSandbox: () => {},
      on: (name: string, fn: Listener) => listeners.set(name, [...(listeners.get(name) ?? []), fn]),
      whenReady: () => Promise.resolve(),
      quit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
    session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {}, on() {} } },
    ipcMain: {
      handle: (channel: string) => ipc.push(channel),
      on: (channel: string) => ipc.push(channel),
      removeHandler: () => {},
    },
    BrowserWindow: class {
      constructor() {
        stub.windows += 1;
      }
    },
    dialog: {
      showErrorBox: (title: string, message: string) => stub.errorBoxes.push([title, message]),
    },
  };
  return stub;
});

vi.mock('electron', () => electron);

let dir: string;
let unstubRequire: () => void;

beforeAll(() => {
  unstubRequire = stubElectronForRequire(electron);
  dir = mkdtempSync(join(tmpdir(), 'ecr-start-up-'));
  vi.stubEnv('ECR_DATA_DIR', dir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
});

afterEach(async () => {
  vi.doUnmock('keytar');
  vi.doUnmock('better-sqlite3');
  vi.resetModules();
  electron.errorBoxes.length = 0;
  electron.ipc.length = 0;
  electron.app.quit.mockClear();
});

afterAll(async () => {
  (await import('electron-log/node')).default.errorHandler.stopCatching();
  vi.unstubAllEnvs();
  unstubRequire();
  rmSync(dir, { recursive: true, force: true });
});

async function startMain(): Promise<[string, string]> {
  // On today's code a static import of the broken module makes this import itself fail.
  await import('../../../electron/main/index.ts');
  await eventually(() => electron.errorBoxes.length > 0, 'the error dialog');
  await eventually(() => electron.app.quit.mock.calls.length > 0, 'the quit');
  expect(electron.errorBoxes).toHaveLength(1);
  // Nothing of the till started: no window, no IPC.
  expect(electron.windows).toBe(0);
  expect(electron.ipc).toEqual([]);
  return electron.errorBoxes[0]!;
}

describe('a native module that cannot load', () => {
  it('keytar (e.g. libsecret missing): a dialog names the keychain module and says to reinstall', async () => {
    vi.doMock('keytar', () => {
      throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
    });
    const [title, message] = await startMain();
    expect(title).toBe('Cloud ECR could not start');
    expect(message).toMatch(/^Cloud ECR could not load its system keychain module \(keytar\)/);
    expect(message).toContain('Reinstall Cloud ECR');
  });

  it('better-sqlite3 (its binary is loaded only when a database opens): a dialog names the database module', async () => {
    vi.doMock('better-sqlite3', () => ({
      default: class {
        constructor() {
          throw new Error('Could not locate the bindings file. Tried: build/Release/better_sqlite3.node');
        }
      },
    }));
    const [title, message] = await startMain();
    expect(title).toBe('Cloud ECR could not start');
    expect(message).toMatch(/^Cloud ECR could not load its database module \(better-sqlite3\)/);
    expect(message).toContain('Reinstall Cloud ECR');
    expect(message).toContain('Could not locate the bindings file');
  });
});
