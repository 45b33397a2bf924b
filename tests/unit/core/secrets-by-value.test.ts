import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { customEndpoints, type FetchFunction } from '../../../electron/core/viva/index.ts';
import { FAST } from '../../integration/payments/harness.ts';
import { findCredentialLookalikes, leakedValues } from '../../support/secret-patterns.ts';

/**
 * Promise 8 by value, end to end (issue 9 item 1): a real core on a real journal file and the
 * simulator, with a "Viva" that echoes our own bearer token inside the final session body and
 * adds a fiscal JWT of its own. The payment must end approved (a pattern filter left it pending
 * for ever), the foreign JWT and the cashier's credential-looking words must be stored verbatim,
 * and neither the configured secret nor any token may be found in the journal's file bytes,
 * the logs or the exports.
 */
const FISCAL = 'eyJmaXNjYWwiOiJHUiJ9.eyJyZWNlaXB0IjoiNDIifQ.c2lnbmVkLWJ5LXRoZS10YXg';

let dir: string;
let simulator: RunningSimulator;
let core: Core;
const tokensOnTheWire = new Set<string>();
const logger = recordingLogger();
let sale: SessionRecord;

// Viva echoing fields back: a proxy, a loyalty plug-in or a fiscal module could.
const echoingViva: FetchFunction = async (input, init) => {
  const request = new Request(input, init);
  const bearer = request.headers.get('authorization')?.replace(/^Bearer /, '');
  if (bearer && !bearer.startsWith('Basic')) tokensOnTheWire.add(bearer);
  const response = await fetch(request);
  const path = new URL(request.url).pathname;
  if (request.method !== 'GET' || !path.startsWith('/ecr/v1/sessions/') || response.status !== 200) return response;
  const body = (await response.json()) as Record<string, unknown>;
  const echoed = { ...body, loyaltyToken: bearer, fiscalSignature: FISCAL, note: `Basic membership; auth ${String(bearer)}` };
  return new Response(JSON.stringify(echoed), { status: 200, headers: response.headers });
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-secrets-'));
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, early404Ms: 0 });
  core = createCore({
    dataDir: dir,
    environment: 'simulator',
    connection: { endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }), credentials: simulator.credentials },
    cashRegisterId: 'REG-1',
    engine: FAST,
    fetch: echoingViva,
    logger,
    timeoutMs: 2_000,
  });
  await core.start();
  const started = await core.engine.sale({ amount: 1250, terminalId: '16000001', merchantReference: 'Basic membership', customerTrns: 'Bearer bond coupon' });
  sale = await core.engine.settled(started.sessionId);
});

afterAll(async () => {
  await core?.close();
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

function secretsToFind(): string[] {
  return [simulator.credentials.clientSecret, ...tokensOnTheWire];
}

describe('secrets by value (promise 8)', () => {
  it('settles a paid session whose body carries credential-looking fields', () => {
    expect(sale.state).toBe('approved');
    expect(sale.merchantReference).toBe('Basic membership');
    expect(sale.customerTrns).toBe('Bearer bond coupon');
    expect(tokensOnTheWire.size).toBeGreaterThan(0);
    expect(core.secretValues.size).toBeGreaterThanOrEqual(2);
  });

  it('stores the foreign JWT verbatim and our echoed token as [redacted]', () => {
    const final = core.journal.eventsOf(sale.sessionId).find((e) => e.type === 'poll-result');
    const viva = (final?.payload as { viva: Record<string, unknown> }).viva;
    expect(viva.fiscalSignature).toBe(FISCAL);
    expect(viva.loyaltyToken).toBe('[redacted]');
    expect(viva.note).toBe('Basic membership; auth [redacted]');
    expect(core.journal.verify().ok).toBe(true);
  });

  it('leaves no secret and no token in the journal file bytes (main file and WAL)', () => {
    const files = [core.journal.file, `${core.journal.file}-wal`].filter((file) => existsSync(file));
    expect(files.length).toBeGreaterThan(0);
    const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
    expect(bytes.includes(Buffer.from(FISCAL)), 'the foreign JWT is data and is kept').toBe(true);
    expect(leakedValues(bytes, secretsToFind())).toBe(0);
  });

  it('leaves none in the logs or the CSV and JSON exports', () => {
    const day = sale.businessDay;
    const csv = core.reports.exportDay(day, 'csv');
    const json = core.reports.exportDay(day, 'json');
    expect(csv).toContain(sale.sessionId);
    for (const text of [csv, json, JSON.stringify(logger.records)]) {
      expect(leakedValues(text, secretsToFind())).toBe(0);
      expect(findCredentialLookalikes(text, [FISCAL])).toEqual([]);
    }
  });
});
