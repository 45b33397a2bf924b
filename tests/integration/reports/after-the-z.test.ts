import { afterEach, describe, expect, it } from 'vitest';
import { startReportsHarness, type ReportsHarness } from './harness.ts';

/**
 * Sales after the Z through the real payment engine, the simulator as Viva and reconciliation,
 * on a journal file (design.md §4: a closed business day is never extended). A UTC business day,
 * so the next day's own UTC date is only the 11th, while the payments started after the 10th's
 * close are filed by Viva under the 10th: reconciling the 11th must ask for both.
 */
const DAY = '2026-03-10';
const NEXT = '2026-03-11';

let harness: ReportsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function paid(h: ReportsHarness, start: Promise<{ sessionId: string }>) {
  const record = await h.engine.settled((await start).sessionId);
  expect(record.state).toBe('approved');
  return record;
}

describe('payments after the Z report, through the engine', () => {
  it('count in the next day; reconciliation files them there, the closed day and its Z report stay as closed', async () => {
    const h = await startReportsHarness({ timeZone: 'UTC', cutoffHour: 0 }, '2026-03-10T09:00:00Z');
    harness = h;
    await h.engine.start();
    const before = await paid(h, h.engine.sale({ amount: 2500, terminalId: '16000001', merchantReference: 'before-z' }));
    expect(before.businessDay).toBe(DAY);

    h.clock.set(Date.parse('2026-03-10T18:00:00Z'));
    const closed = h.reports.closeDay(DAY);
    const closedReport = JSON.stringify(h.reports.dayReport(DAY));

    h.clock.set(Date.parse('2026-03-10T19:00:00Z'));
    const after = await paid(h, h.engine.sale({ amount: 1200, terminalId: '16000001', merchantReference: 'after-z' }));
    h.clock.set(Date.parse('2026-03-10T19:10:00Z'));
    const refund = await paid(h, h.engine.refund({ parentSessionId: before.sessionId, amount: 500 }));
    const stranger = h.vivaOnly({ amount: 990, cashRegisterId: 'REG-2', terminalId: '16000002', createdAt: '2026-03-10T19:20:00.000Z', outcome: 'approved' });
    h.clock.set(Date.parse('2026-03-10T20:00:00Z'));

    expect([after.businessDay, refund.businessDay]).toEqual([NEXT, NEXT]);
    expect(h.journal.zReport(DAY)?.number).toBe(closed.z?.number);

    const ofDay = await h.reports.reconcile(DAY);
    expect(ofDay).toMatchObject({ source: 'viva', matched: 1, open: 0, differences: [] });

    const ofNext = await h.reports.reconcile(NEXT);
    expect(ofNext.utcDates).toEqual([DAY, NEXT]);
    expect(ofNext.matched).toBe(2);
    expect(ofNext.differences.map((d) => d.id)).toEqual([`viva-only:${stranger}`]);

    expect(JSON.stringify(h.reports.dayReport(DAY))).toBe(closedReport);
    const next = h.reports.dayReport(NEXT);
    expect(next.totals.currencies[0]?.totals).toMatchObject({ sales: { count: 1, amount: 1200 }, refunds: { count: 1, amount: 500 }, net: 700 });
    expect(h.reports.paymentDay()).toEqual({ businessDay: NEXT, clockDay: DAY, closed: { number: 1, closedAt: '2026-03-10T18:00:00.000Z' } });
  });
});
