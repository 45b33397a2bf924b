import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeLog from 'electron-log/node';
import type { ChannelName, InputOf } from '../../../electron/contract/channels.ts';
import type { Result } from '../../../electron/contract/envelope.ts';
import { EVENT_NAMES, type EventName } from '../../../electron/contract/events.ts';
import type { EngineConfigInput } from '../../../electron/core/payments/index.ts';
import { memorySecretStore, SettingsStore, type Environment, type SecretStore } from '../../../electron/core/settings/index.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../electron/core/simulator/index.ts';
import { customEndpoints, type FetchFunction } from '../../../electron/core/viva/index.ts';
import { createCoreHost, type CoreHost } from '../../../electron/main/core-host.ts';
import { createDiagnosticsCollector } from '../../../electron/main/diagnostics.ts';
import { createHandlers, type Dialogs } from '../../../electron/main/handlers.ts';
import { createDispatcher, type Handlers } from '../../../electron/main/ipc.ts';
import { configureLogging, loggerFrom } from '../../../electron/main/logging.ts';
import { APP_ENTRY_URL, isOurPage } from '../../../electron/main/security.ts';
import { FAST } from '../payments/harness.ts';

/**
 * The shell without Electron: the same core host, handlers and dispatcher main builds, on a real
 * core, with the embedded simulator for the Simulator environment and a second simulator standing
 * in for Viva demo/production (it accepts only the seeded credentials, so they are really used).
 * Only the dialogs and the system browser are stubbed. Calls go through `handleCall` exactly as
 * an IPC call from the app's page would.
 */
export const PRODUCTION = { clientId: 'prod-till.apps.vivapayments.com', clientSecret: 'PROD-secret-7d1e9c2a-do-not-leak' };
export const DEMO = { clientId: 'demo-till.apps.vivapayments.com', clientSecret: 'DEMO-secret-3b8f0e61-do-not-leak' };

/** The payments suite's fast engine timings: deadlines and aborts play out in well under a second. */
export { FAST };

const SIMULATED_VIVA = { customerTimeMs: 40, sessionLifetimeMs: 400, abortAckMs: 20, flipAfterMs: 100, early404Ms: 0 };

export interface ShellOptions {
  /** An existing data dir (a restart); default: a new temporary one. */
  dataDir?: string;
  environment?: Environment;
  /** Seeded into the (in-memory) secret store; default: production and demo credentials. */
  secrets?: SecretStore;
  /** The answer of the stubbed save dialog: a file name in the test dir, or null (cancelled). */
  saveAs?: string | null;
  /** Engine timings on top of FAST (the e2e tests give the customer time to act). */
  engine?: EngineConfigInput;
  /** Options of the embedded simulator on top of the fast defaults. */
  simulator?: Partial<SimulatorOptions>;
}

export interface Shell {
  dir: string;
  logsDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  host: CoreHost;
  handlers: Handlers;
  /** The stand-in for Viva demo and production. */
  viva: RunningSimulator;
  /** Bearer tokens seen on the wire. */
  tokens: Set<string>;
  dialogs: { calls: Parameters<Dialogs['saveFile']>[0][]; answer: string | null };
  opened: string[];
  written: Map<string, string>;
  events: { name: EventName; payload: unknown }[];
  call<K extends ChannelName>(name: K, input?: InputOf<K>): Promise<Result<unknown>>;
  /** Like call, from any frame and with any payload. */
  raw(name: string, input: unknown, frameUrl?: string | null): Promise<Result<unknown>>;
  close(): Promise<void>;
}

let logCounter = 0;

export async function startShell(options: ShellOptions = {}): Promise<Shell> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ecr-shell-'));
  const logsDir = join(dir, 'logs');
  logCounter += 1;
  const log = nodeLog.create({ logId: `ecr-shell-${process.pid}-${logCounter}` });
  configureLogging(log, { logsDir, level: 'debug' });
  const logger = loggerFrom(log);

  const viva = await startSimulator({ port: 0, ...SIMULATED_VIVA, credentials: [PRODUCTION, DEMO] });
  const tokens = new Set<string>();
  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const auth = request.headers.get('authorization');
    if (auth?.startsWith('Bearer ')) tokens.add(auth.slice(7));
    const response = await globalThis.fetch(request);
    // Tokens handed out by the token endpoint, too.
    if (new URL(request.url).pathname === '/connect/token' && response.ok) {
      const body = (await response.clone().json()) as { access_token?: string };
      if (body.access_token) tokens.add(body.access_token);
    }
    return response;
  };

  const settings = SettingsStore.open({ dataDir: dir, machine: { hostname: 'test-till', timeZone: 'UTC' }, logger });
  if (options.environment && options.environment !== 'simulator') settings.update({ environment: options.environment });
  const secrets = options.secrets ?? memorySecretStore({ production: PRODUCTION, demo: DEMO });
  const endpoints = customEndpoints({ apiUrl: viva.url, accountsUrl: viva.url });
  const host = createCoreHost({
    dataDir: dir,
    settings,
    secrets,
    version: '0.1.0-test',
    logger,
    fetch,
    endpoints: { demo: endpoints, production: endpoints },
    simulator: { ...SIMULATED_VIVA, ...options.simulator },
    engine: { ...FAST, ...options.engine },
    timeoutMs: 2_000,
  });
  const events: Shell['events'] = [];
  for (const name of EVENT_NAMES) host.on(name, (payload) => events.push({ name, payload }));
  await host.start();

  const dialogs: Shell['dialogs'] = { calls: [], answer: options.saveAs === undefined ? 'diagnostics.json' : options.saveAs };
  const opened: string[] = [];
  const written = new Map<string, string>();
  const handlers = createHandlers({
    host,
    settings,
    secrets,
    dialogs: {
      async saveFile(request) {
        dialogs.calls.push(request);
        return dialogs.answer === null ? null : join(dir, dialogs.answer);
      },
    },
    openExternal: async (url) => {
      opened.push(url);
    },
    diagnostics: createDiagnosticsCollector({
      host,
      settings,
      secrets,
      logsDir,
      app: { name: 'Cloud ECR', version: '0.1.0-test', electron: null, chrome: null, node: process.versions.node, platform: process.platform, arch: process.arch, osRelease: 'test', packaged: false },
    }),
    writeFile: async (file, content) => {
      written.set(file, typeof content === 'string' ? content : Buffer.from(content).toString('latin1'));
      await writeFile(file, content);
    },
    // The PDF a real window would print: here the HTML itself, marked, so tests can see what was printed.
    printToPdf: async (html) => new TextEncoder().encode(`%PDF-stub\n${html}`),
    logger,
    fetch,
    timeoutMs: 2_000,
  });
  const { handleCall } = createDispatcher(handlers, (url) => isOurPage(url), logger);

  return {
    dir,
    logsDir,
    settings,
    secrets,
    host,
    handlers,
    viva,
    tokens,
    dialogs,
    opened,
    written,
    events,
    call: (name, input) => handleCall(name, APP_ENTRY_URL, input),
    raw: (name, input, frameUrl = APP_ENTRY_URL) => handleCall(name, frameUrl, input),
    async close() {
      await host.close();
      settings.close();
      await viva.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The value of a successful call; fails the test with the error otherwise. */
export function valueOf<T = unknown>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Polls until the probe returns something truthy (every 5 ms), or fails with what it waited for. */
export async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
