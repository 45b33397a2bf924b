/**
 * The machinery behind tests/e2e/bridge.ts (read that file for the API), without any vitest
 * import so that the benchmarks (tests/bench/renderer.bench.ts) can use it too.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHANNEL_NAMES, type ChannelName, type InputOf, type OutputOf } from '../../electron/contract/channels.ts';
import type { Result } from '../../electron/contract/envelope.ts';
import { EVENT_NAMES } from '../../electron/contract/events.ts';
import type { EngineConfigInput } from '../../electron/core/payments/index.ts';
import type { SessionRecord } from '../../electron/core/journal/index.ts';
import type { Environment } from '../../electron/core/settings/index.ts';
import type { SimulatorControl, SimulatorOptions } from '../../electron/core/simulator/index.ts';
import type { SessionState } from '../../electron/domain/session-states.ts';
import { createDispatcher } from '../../electron/main/ipc.ts';
import { CONTENT_SECURITY_POLICY, isOurPage } from '../../electron/main/security.ts';
import { eventually, startShell, type Shell } from '../integration/main/shell-harness.ts';
import { expectNoAxeViolations } from './axe.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const SCREENSHOTS_DIR = join(ROOT, 'test-results/screenshots');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const TERMINAL = '16000001';

/**
 * Engine timings for the UI: polls fast, but leaves a cashier (a test) time to click Abort or to
 * act on the virtual terminal before the deadline.
 */
export const UI_ENGINE: EngineConfigInput = { deadlineMs: 20_000, abortGraceMs: 1_500 };
/** The customer takes a moment, so the "waiting for the customer" step is seen. */
export const UI_SIMULATOR: Partial<SimulatorOptions> = { customerTimeMs: 400, sessionLifetimeMs: 60_000, abortAckMs: 100 };

export interface AppOptions {
  environment?: Environment;
  /** No default terminal: the app opens on the first-run flow. */
  firstRun?: boolean;
  language?: 'en' | 'el';
  engine?: EngineConfigInput;
  simulator?: Partial<SimulatorOptions>;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** A touch screen (taps instead of clicks). */
  touch?: boolean;
}

export interface RunningApp {
  page: Page;
  context: BrowserContext;
  /** The shell: core host, settings store, handlers, recorded events... */
  shell: Shell;
  /** The embedded simulator's in-process control (throws outside the Simulator environment). */
  simulator(): SimulatorControl;
  /** A contract call from the test side (same dispatcher as the page). */
  call<K extends ChannelName>(name: K, input?: InputOf<K>): Promise<Result<OutputOf<K>>>;
  /** Calls made by the page, in order (channel names). */
  calls: ChannelName[];
  /** Errors the page threw or logged (console.error). */
  pageErrors: string[];
  /**
   * Checks the page with axe-core (any violation fails the test, see axe.ts), then writes
   * test-results/screenshots/<name>.png; returns the file. Every photographed state is a checked one.
   */
  shot(name: string, options?: { axe?: boolean }): Promise<string>;
  /** axe-core alone, for a state not worth a picture. */
  axe(state: string): Promise<void>;
  close(): Promise<void>;
}

let browser: Promise<Browser> | undefined;
let server: Promise<{ server: Server; origin: string }> | undefined;

/** Closes the shared browser and static server (bridge.ts does it after each test file). */
export async function closeShared(): Promise<void> {
  const launched = browser;
  const serving = server;
  browser = undefined;
  server = undefined;
  if (launched) await (await launched).close();
  if (serving) {
    const { server: s } = await serving;
    s.closeAllConnections();
    await new Promise<void>((done) => s.close(() => done()));
  }
}

export function launchChromium(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return browser;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Serves out/renderer on 127.0.0.1 (random port); refuses anything outside it. */
export function serveRenderer(): Promise<{ server: Server; origin: string }> {
  server ??= new Promise((resolveServer, reject) => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      reject(new Error('out/renderer is missing: run `npm run build` (the e2e globalSetup does).'));
      return;
    }
    const root = resolve(RENDERER_DIR);
    const s = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      // Chromium asks for a favicon the app does not have.
      if (path === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
      if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
        response.writeHead(404).end();
        return;
      }
      // The app's own CSP as a header, as the app:// protocol sends it (protocol.ts).
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      });
      createReadStream(file).pipe(response);
    });
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      if (typeof address !== 'object' || address === null) reject(new Error('no address'));
      else resolveServer({ server: s, origin: `http://127.0.0.1:${address.port}` });
    });
  });
  return server;
}

type PageWindow = Window & { __ecrCall(channel: string, input: unknown): Promise<unknown>; __ecrEmit(event: string, payload: unknown): void };

/** The page side of the bridge: the same shape the preload builds (one function per channel + on). */
function defineBridge([names, events]: [string[], string[]]): void {
  const w = window as unknown as PageWindow;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api: Record<string, unknown> = {};
  for (const name of names) {
    api[name] = (input?: unknown) =>
      w.__ecrCall(name, input).catch(() => ({ ok: false, error: { code: 'internal', message: 'The till did not answer; try again, and restart the app if this persists.' } }));
  }
  api.on = (event: string, callback: (payload: unknown) => void) => {
    if (!events.includes(event)) throw new TypeError(`window.ecr.on: unknown event ${JSON.stringify(event)}.`);
    const set = listeners.get(event) ?? new Set();
    set.add(callback);
    listeners.set(event, set);
    return () => set.delete(callback);
  };
  Object.defineProperty(w, 'ecr', { value: Object.freeze(api), enumerable: true });
  w.__ecrEmit = (event, payload) => {
    for (const callback of listeners.get(event) ?? []) callback(payload);
  };
}

export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const [chromiumBrowser, { origin }] = await Promise.all([launchChromium(), serveRenderer()]);
  const shell = await startShell({
    ...(options.environment ? { environment: options.environment } : {}),
    engine: { ...UI_ENGINE, ...options.engine },
    simulator: { ...UI_SIMULATOR, ...options.simulator },
  });
  if (!options.firstRun) shell.settings.update({ defaultTerminalId: TERMINAL });
  if (options.language) shell.settings.update({ language: options.language });

  // The page is ours when it comes from the test server: the same check main makes for app://ecr.
  const { handleCall } = createDispatcher(shell.handlers, (url) => isOurPage(url, [origin]));
  const context = await chromiumBrowser.newContext({
    viewport: options.viewport ?? { width: 1024, height: 768 },
    colorScheme: options.colorScheme ?? 'light',
    hasTouch: options.touch ?? false,
    locale: 'en-IE',
    timezoneId: 'UTC',
  });
  // Fail fast with the locator in the message, well inside the test's own timeout.
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  const calls: ChannelName[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium notes that frame-ancestors has no effect in a <meta> CSP (main sends it as a header too).
    if (message.type() === 'error' && !/frame-ancestors/.test(message.text())) pageErrors.push(message.text());
  });
  await page.exposeBinding('__ecrCall', (source, channel: string, input: unknown) => {
    calls.push(channel as ChannelName);
    return handleCall(channel, source.frame.url(), input);
  });
  await page.addInitScript(defineBridge, [CHANNEL_NAMES as string[], [...EVENT_NAMES]] as [string[], string[]]);

  // Events travel the same road back: core -> host -> (here: page.evaluate) -> window.ecr.on.
  let open = true;
  const offs = EVENT_NAMES.map((name) =>
    shell.host.on(name, (payload: unknown) => {
      if (!open) return;
      page.evaluate(([event, data]) => (window as unknown as PageWindow).__ecrEmit?.(event, data), [name, payload] as const).catch(() => {});
    }),
  );

  await page.goto(`${origin}/index.html`);

  return {
    page,
    context,
    shell,
    calls,
    pageErrors,
    simulator() {
      const control = shell.host.simulatorControl();
      if (!control) throw new Error('No embedded simulator: the app is not in the Simulator environment.');
      return control;
    },
    call: (name, input) => handleCall(name, `${origin}/index.html`, input) as never,
    axe: (state) => expectNoAxeViolations(page, state),
    async shot(name, options) {
      if (options?.axe !== false) await expectNoAxeViolations(page, name);
      await mkdir(SCREENSHOTS_DIR, { recursive: true });
      const file = join(SCREENSHOTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },
    async close() {
      open = false;
      offs.forEach((off) => off());
      await context.close().catch(() => {});
      await shell.close();
    },
  };
}

/**
 * A sale started from the test side (as a cashier's would be), once the journal has it in one of
 * `states`: by default finished either way (magic amount .07 makes the simulator decline).
 */
export async function settledSale(
  running: RunningApp,
  amount: number,
  merchantReference: string,
  states: readonly SessionState[] = ['approved', 'declined'],
): Promise<SessionRecord> {
  const started = await running.call('startSale', { amount, merchantReference });
  if (!started.ok) throw new Error(started.error.message);
  const { sessionId } = started.value;
  return eventually(async () => {
    const now = await running.call('sessionStatus', { sessionId });
    return now.ok && now.value && states.includes(now.value.state) ? now.value : undefined;
  }, `sale ${merchantReference} to reach ${states.join('/')}`);
}
