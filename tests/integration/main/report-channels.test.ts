import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { memorySecretStore } from '../../../electron/core/settings/secret-store.ts';
import { startShell, valueOf, type Shell } from './shell-harness.ts';

// The reconciliation and end-of-day channels, through the same dispatcher the window uses.
let shell: Shell;
afterEach(() => shell?.close());

async function approvedSale(amount: number): Promise<SessionRecord> {
  const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount, terminalId: '16000001', merchantReference: `R-${amount}` }));
  return shell.host.core().engine.settled(sale.sessionId);
}

describe('report channels', () => {
  it('reports, reconciles, closes a day and exports it as CSV and PDF', async () => {
    shell = await startShell();
    const sale = await approvedSale(1250);
    const day = sale.businessDay;

    const report = valueOf<{ day: string }>(await shell.call('dayReport', { day }));
    expect(JSON.stringify(report)).toContain('1250');

    const reconciliation = valueOf<{ differences: unknown[] }>(await shell.call('reconcileDay', { day }));
    expect(reconciliation.differences).toEqual([]);

    shell.dialogs.answer = 'day.csv';
    const csv = valueOf<{ saved: boolean; file: string }>(await shell.call('exportReport', { day, format: 'csv' }));
    expect(csv.saved).toBe(true);
    const rows = parse(readFileSync(csv.file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => Object.values(r).join('|')).join('\n')).toContain(sale.sessionId);

    shell.dialogs.answer = 'day.pdf';
    const pdf = valueOf<{ file: string }>(await shell.call('exportReport', { day, format: 'pdf' }));
    expect(readFileSync(pdf.file, 'latin1')).toMatch(/^%PDF-stub\n<!doctype html>/i);

    const closed = valueOf<{ z: { number: number } | null }>(await shell.call('closeDay', { day, operator: 'Ann' }));
    expect(closed.z?.number).toBe(1);
    expect(valueOf<unknown[]>(await shell.call('zReports'))).toHaveLength(1);
    const again = await shell.call('closeDay', { day, operator: 'Ann' });
    expect(again).toMatchObject({ ok: false, error: { code: 'day-closed' } });
  });

  it('refuses to close a day with an unknown payment unless overridden with a reason', async () => {
    shell = await startShell();
    const lost = valueOf<SessionRecord>(await shell.call('startSale', { amount: 1004, terminalId: '16000002' }));
    const unknown = await shell.host.core().engine.settled(lost.sessionId);
    expect(unknown.state).toBe('unknown');
    const refused = await shell.call('closeDay', { day: unknown.businessDay, operator: 'Ann' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown-sessions' } });
    const bad = await shell.call('closeDay', { day: unknown.businessDay, operator: 'Ann', overrideUnknown: { reason: '' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const closed = valueOf<{ z: { override: { reason: string; operator: string } | null } }>(
      await shell.call('closeDay', { day: unknown.businessDay, operator: 'Ann', overrideUnknown: { reason: 'checked with Viva support' } }),
    );
    expect(closed.z.override).toEqual({ reason: 'checked with Viva support', operator: 'Ann' });
  });

  it('streams a range to CSV with progress events, and a cancelled dialog writes nothing', async () => {
    shell = await startShell();
    const sale = await approvedSale(990);
    shell.dialogs.answer = null;
    expect(valueOf(await shell.call('exportRange', { fromDay: sale.businessDay, toDay: sale.businessDay }))).toEqual({ saved: false, file: null });
    shell.dialogs.answer = 'range.csv';
    const result = valueOf<{ file: string; rows: number }>(await shell.call('exportRange', { fromDay: sale.businessDay, toDay: sale.businessDay }));
    expect(result.rows).toBe(1);
    expect(readFileSync(result.file, 'utf8')).toContain(sale.sessionId);
    const progress = shell.events.filter((e) => e.name === 'exportProgress').at(-1)?.payload;
    expect(progress).toEqual({ file: result.file, rows: 1, total: 1 });
    expect(await shell.call('exportRange', { fromDay: '2026-11-26', toDay: '2026-11-01' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('works from the journal alone when no credentials are set', async () => {
    shell = await startShell({ environment: 'demo', secrets: memorySecretStore() });
    expect(shell.host.status().state).toBe('needs-credentials');
    const today = new Date().toISOString().slice(0, 10);
    expect(await shell.call('dayReport', { day: today })).toMatchObject({ ok: true });
    const reconciliation = valueOf<{ vivaReachable?: boolean; source?: string }>(await shell.call('reconcileDay', { day: today }));
    expect(JSON.stringify(reconciliation)).toMatch(/journal/i);
  });
});
