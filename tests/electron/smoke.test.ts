import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary, skipLine } from './electron-binary.ts';

/**
 * The built app in a real Electron (run by `npm run test:electron`, which builds first): it
 * launches, shows its page from app://, and one sale on the embedded simulator is approved,
 * through the real preload and IPC. Only where an Electron binary exists; scripts/test-electron.js
 * prints the skip line elsewhere.
 */
const binary = electronBinary();
if (!binary.ok) console.log(skipLine(binary.reason));

const FINAL = ['approved', 'declined', 'cancelled', 'failed', 'aborted', 'unknown'];

describe.skipIf(!binary.ok)('Cloud ECR in Electron', () => {
  let app: ElectronApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ecr-electron-'));
    app = await _electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [process.cwd()],
      env: { ...(process.env as Record<string, string>), ECR_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
      timeout: 60_000,
    });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('launches, shows the checkout screen, and one simulator sale is approved', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://ecr/index.html');
    // The checkout screen arrives with the UI issue; until then the page's training banner stands in for it.
    await page.getByText('No real money moves').waitFor({ state: 'visible', timeout: 15_000 });

    // The page has window.ecr and nothing of Node.
    expect(await page.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { process?: unknown }).process])).toEqual([
      'undefined',
      'undefined',
    ]);

    const outcome = await page.evaluate(async (finalStates) => {
      type Envelope = { ok: boolean; value?: { sessionId: string; state: string; amount: number }; error?: unknown };
      const ecr = (window as unknown as { ecr: Record<string, (input?: unknown) => Promise<Envelope>> }).ecr;
      const started = await ecr.startSale!({ amount: 1250, terminalId: '16000001' });
      if (!started.ok || !started.value) return started;
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const status = await ecr.sessionStatus!({ sessionId: started.value.sessionId });
        if (status.ok && status.value && finalStates.includes(status.value.state)) return status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { ok: false, error: 'no final state within 30 s' };
    }, FINAL);
    expect(outcome).toMatchObject({ ok: true, value: { state: 'approved', amount: 1250 } });
  });
});
