import { createCore } from '../../electron/core/app.ts';
import type { BusinessDayConfig } from '../../electron/core/journal/index.ts';
import { customEndpoints } from '../../electron/core/viva/index.ts';

/**
 * One measured start-up (see startup.ts): `node startup-child.ts <dataDir> <vivaUrl> <businessDayJson>`.
 * Modules are imported before the clock starts (they load before the app's window exists too);
 * the figure is createCore() (journal open, pragmas, migrations, statements, client, engine) plus
 * engine.start() (recovery scan of open sessions, followers and background loop scheduled), after
 * which the engine admits a payment; then how long the whole-file quick_check on its worker took.
 * Prints one JSON line: {"ms", "resumed", "accepting", "integrityMs", "integrityOk"}.
 */
const [dataDir, url, businessDayJson] = process.argv.slice(2);
if (!dataDir || !url || !businessDayJson) throw new Error('usage: startup-child.ts <dataDir> <vivaUrl> <businessDayJson>');
const businessDay = JSON.parse(businessDayJson) as BusinessDayConfig;

const started = performance.now();
const core = createCore({
  dataDir,
  environment: 'simulator',
  connection: { endpoints: customEndpoints({ apiUrl: url, accountsUrl: url }), credentials: { clientId: 'bench', clientSecret: 'bench-secret' } },
  cashRegisterId: 'BENCH-1',
  businessDay,
});
const { resumed } = await core.start();
const ms = performance.now() - started;
// The figure counts only if a payment would be admitted now: nothing left to wait for.
const accepting = core.engine.status().state === 'ready';
// quick_check of the whole file, on its worker since createCore(): how long after the start it answers.
const integrity = await core.journal.checkIntegrity();
const integrityMs = performance.now() - started;
console.log(JSON.stringify({ ms, resumed, accepting, integrityMs, integrityOk: integrity.ok }));
// Stopped before the first poll is due, so nothing more is written. Should a poll already be on
// its way to the socket that never answers, the figure is out: do not wait for its timeout.
setTimeout(() => process.exit(0), 2000).unref();
await core.close();
