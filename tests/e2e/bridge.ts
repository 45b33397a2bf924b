/**
 * The e2e bridge (design.md §7): the BUILT renderer (out/renderer) in Debian's Chromium, with
 * `window.ecr` forwarding every call to the very `handleCall` main uses, on a real core with the
 * embedded simulator in this (the test) process. Only the transport differs from the app: no
 * network from the page, so the page's strict CSP stays as it is.
 *
 *   import { startApp } from './bridge.ts';
 *   const app = await startApp();                    // checkout ready, default terminal 16000001
 *   await app.page.getByRole('button', { name: 'Journal' }).click();
 *   await app.shot('journal');                       // test-results/screenshots/journal.png
 *   app.simulator().customer('16000001', { action: 'tap' });   // act as the customer
 *   await app.call('startSale', { amount: 1250 });   // a contract call from the test side
 *   await app.close();                               // in afterEach / a finally
 *
 * Options (all optional): `firstRun: true` (no default terminal: the first-run flow shows),
 * `language: 'el'`, `environment`, `engine` (engine timings on top of the fast test timings),
 * `simulator` (embedded simulator options, e.g. `{ customerTimeMs: 300 }`), `colorScheme`,
 * `viewport` (default 1024x768), `touch` (a touch screen: use locator.tap()). The browser is launched once per test file and closed by an
 * afterAll hook this module registers; the static server is shared too.
 */
import { afterAll } from 'vitest';
import { closeShared } from './harness.ts';

export * from './harness.ts';

afterAll(closeShared);
