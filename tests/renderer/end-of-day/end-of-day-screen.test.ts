import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bucket, DayReport, SessionBrief } from '../../../electron/core/reports/index.ts';
import type { SessionState } from '../../../electron/domain/session-states.ts';
import { barLength, hourBars, niceMax, salesBars } from '../../../renderer/src/screens/end-of-day/charts.ts';
import EndOfDayScreen from '../../../renderer/src/screens/end-of-day/EndOfDayScreen.svelte';
import { operator } from '../../../renderer/src/lib/shared-state.svelte.ts';
import { failure, fakeEcr, installEcr, type FakeEcr } from '../support/fake-ecr.ts';

const DAY = new Date().toISOString().slice(0, 10);

const bucket = (key: string, amount: number, count: number): Bucket => ({
  key,
  sales: { count, amount },
  refunds: { count: 0, amount: 0 },
  tips: { count: 0, amount: 0 },
  net: amount,
});

const brief = (sessionId: string, state: SessionState): SessionBrief => ({
  sessionId,
  kind: 'sale',
  state,
  amount: 990,
  tipAmount: 0,
  currencyCode: '978',
  terminalId: '16000001',
  cashRegisterId: 'till-1',
  merchantReference: null,
  createdAt: `${DAY}T12:00:00.000Z`,
});

function report(overrides: { unknown?: SessionBrief[]; status?: 'open' | 'closed'; z?: DayReport['z'] } = {}): DayReport {
  const unknown = overrides.unknown ?? [];
  return {
    format: 'cloud-ecr.day-report',
    version: 1,
    businessDay: DAY,
    environment: 'simulator',
    timeZone: 'UTC',
    cutoffHour: 0,
    status: overrides.status ?? 'open',
    z: overrides.z ?? null,
    totals: {
      currencies: [
        {
          currencyCode: '978',
          currency: 'EUR',
          exponent: 2,
          totals: { sales: { count: 6, amount: 12_000 }, refunds: { count: 1, amount: 500 }, tips: { count: 1, amount: 100 }, net: 11_600 },
          preauths: { count: 0, amount: 0 },
          byTerminal: [bucket('16000001', 9000, 4), bucket('16000002', 3000, 2)],
          byCashRegister: [bucket('till-1', 12_000, 6)],
          byCardBrand: [bucket('MASTERCARD', 4000, 2), bucket('VISA', 8000, 4)],
          byHour: [bucket(`${DAY} 09:00`, 2000, 1), bucket(`${DAY} 12:00`, 10_000, 5)],
        },
      ],
      outcomes: { sessions: 9 + unknown.length, approved: 7, declined: 1, cancelled: 1, aborted: 0, failed: 0, unknown: unknown.length, inProgress: 0, foreign: 0 },
      unknownSessions: unknown,
      inProgressSessions: [],
    },
    reconciliation: { status: 'not-run', checkedAt: null, matched: 0, open: 0, resolved: 0, openDifferences: [] },
    integrity: null,
    lateOutcomes: [],
    earlyStart: null,
  };
}

const Z = (override: { reason: string; operator: string } | null): DayReport['z'] => ({
  number: 7,
  closedAt: `${DAY}T22:00:00.000Z`,
  anchor: { events: 120, head: 'ab'.repeat(32) },
  override,
});

function setup(first: DayReport, extra: Parameters<typeof fakeEcr>[0] = {}): FakeEcr {
  let current = first;
  const fake = fakeEcr({
    dayReport: () => current,
    attentionList: () => [],
    closeDay: (input) => {
      current = { ...current, status: 'closed', z: Z(input.overrideUnknown ? { reason: input.overrideUnknown.reason, operator: input.operator } : null) };
      return current;
    },
    ...extra,
  });
  installEcr(fake);
  return fake;
}

afterEach(() => {
  cleanup();
  operator.name = '';
});

describe('end of day: the attention list', () => {
  it('shows every payment waiting for a decision (any day), paid after abort marked as such, with Keep and the journal', async () => {
    const sessionId = 'pppppppp-0000-4000-8000-000000000001';
    const fake = setup(report({}), {
      attentionList: () => [
        {
          id: `paid-after-abort:${sessionId}`,
          kind: 'paid-after-abort',
          since: `${DAY}T11:00:05.000Z`,
          session: { sessionId, kind: 'sale', state: 'approved', amount: 1013, tipAmount: 0, currencyCode: '978', terminalId: '16000001', cashRegisterId: 'POS-1', merchantReference: 'INV-9', businessDay: '2026-11-20', createdAt: `${DAY}T11:00:00.000Z` },
          setAside: null,
          refundOpen: false,
          backup: null,
        },
      ],
    });
    render(EndOfDayScreen);
    const list = await screen.findByTestId('attention');
    await within(list).findByText('Paid after abort');
    expect(fake.callsOf('attentionList')).toHaveLength(1);
    expect(list.textContent).toMatch(/Payments that need attention \(1\)/);
    expect(list.textContent).toMatch(/Paid after abort/);
    expect(list.textContent).toMatch(/€10\.13/);
    expect(within(list).getByRole('button', { name: 'Keep the payment' })).toBeTruthy();
    expect(within(list).getByRole('button', { name: 'Open in journal' })).toBeTruthy();
    // No refund from End of day: the customer presents the card at the checkout.
    expect(within(list).queryByRole('button', { name: /Refund/ })).toBeNull();
    fake.emit('attention', []);
    expect(await within(list).findByText('No payment needs attention.')).toBeTruthy();
  });
});

describe('end of day: the day at a glance', () => {
  it('lists unresolved payments first, then the totals and the pictures', async () => {
    const fake = setup(report({ unknown: [brief('uuuuuuuu-0000-4000-8000-000000000001', 'unknown')] }));
    render(EndOfDayScreen);
    const unresolved = await screen.findByTestId('unresolved');
    expect(fake.callsOf('dayReport')).toEqual([{ day: DAY }]);
    expect(unresolved.textContent).toMatch(/Payments that need a decision: 1/);
    expect(within(unresolved).getByRole('button', { name: 'Open in journal' })).toBeTruthy();
    // Unresolved comes before the totals in reading order.
    const totals = screen.getByTestId('totals-978');
    expect(unresolved.compareDocumentPosition(totals) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByTestId('net-978').textContent).toBe('€116.00');
    expect(screen.getByTestId('outcome-unknown').textContent).toBe('1');

    // Sales by hour: a column for each hour of the business day, the empty ones included.
    const hours = screen.getByTestId('hour-chart');
    const columns = [...hours.querySelectorAll('[data-hour]')];
    expect(columns.map((g) => g.getAttribute('data-hour'))).toEqual(Array.from({ length: 24 }, (_, h) => `${DAY} ${String(h).padStart(2, '0')}:00`));
    const heights = columns.map((g) => Number(g.querySelector('rect')?.getAttribute('height')));
    expect(heights.filter((h) => h > 0)).toHaveLength(2);
    expect(heights[12]).toBeGreaterThan(heights[9] as number);
    expect(hours.querySelector('desc')?.textContent).toMatch(/Busiest hour 12:00: €100\.00, sales: 5/);
    // Each picture is named by its caption (then its description), for screen readers.
    expect(screen.getByRole('img', { name: /^Sales by hour Busiest hour 12:00/ })).toBe(hours);
    expect(screen.getByRole('img', { name: /^Sales by card brand VISA: €80\.00/ })).toBe(screen.getByTestId('brand-chart'));
    // By brand: largest first, amounts written beside the bars.
    const brands = screen.getByTestId('brand-chart');
    expect([...brands.querySelectorAll('[data-key]')].map((g) => g.getAttribute('data-key'))).toEqual(['VISA', 'MASTERCARD']);
    expect(brands.textContent).toContain('€80.00 · 4');
    expect(screen.getByTestId('terminal-chart').textContent).toContain('16000002');
  });

  it('computes the bars and the scale', () => {
    // Cut-off 4: the business day runs 04:00 .. 03:00 the next morning.
    const bars = hourBars([bucket('2026-03-10 23:00', 100, 1), bucket('2026-03-11 01:00', 50, 1)], '2026-03-10', 4);
    expect(bars).toHaveLength(24);
    expect(bars[0]?.key).toBe('2026-03-10 04:00');
    expect(bars.at(-1)?.key).toBe('2026-03-11 03:00');
    expect(bars.filter((b) => b.value > 0).map((b) => [b.label, b.value])).toEqual([
      ['23', 100],
      ['01', 50],
    ]);
    // A bucket outside the day's 24 hours is kept, in time order.
    expect(hourBars([bucket('2026-03-11 05:00', 7, 1)], '2026-03-10', 4).at(-1)).toMatchObject({ key: '2026-03-11 05:00', value: 7 });
    expect(salesBars([bucket('a', 1, 1), bucket('b', 5, 1)]).map((b) => b.key)).toEqual(['b', 'a']);
    expect(niceMax([0])).toBe(1);
    expect(niceMax([12_000])).toBe(20_000);
    expect(niceMax([2500])).toBe(2500);
    expect(niceMax([7])).toBe(10);
    expect(barLength(0, 100, 150)).toBe(0);
    expect(barLength(50, 100, 150)).toBe(75);
    expect(barLength(0.001, 100, 150)).toBe(1);
  });

  it('shows a failed report as a sentence', async () => {
    setup(report(), { dayReport: () => failure('core-failed', 'The journal could not be opened') });
    render(EndOfDayScreen);
    expect((await screen.findByRole('alert')).textContent).toMatch(/The journal could not be opened\. Try again; if it happens again, export diagnostics/);
  });
});

describe('end of day: close day (Z)', () => {
  it('closes a clean day after confirming who closes', async () => {
    const user = userEvent.setup();
    const fake = setup(report());
    render(EndOfDayScreen);
    await user.click(await screen.findByRole('button', { name: 'Close day (Z)…' }));
    expect(screen.getByText('Close this day now? This is final.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Close the day' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Enter your name/);
    await user.type(screen.getByLabelText('Your name'), 'Eleni');
    await user.click(screen.getByRole('button', { name: 'Close the day' }));
    await waitFor(() => expect(fake.callsOf('closeDay')).toEqual([{ day: DAY, operator: 'Eleni' }]));
    expect((await screen.findByText('The day is closed: Z report 7.')).textContent).toBeTruthy();
    expect(screen.getByTestId('day-status').textContent).toMatch(/Closed: Z report 7/);
    expect(screen.queryByTestId('close-day')).toBeNull();
  });

  it('with unknown payments, closes only with an explicit override: the box ticked, a reason and a name', async () => {
    const user = userEvent.setup();
    const fake = setup(report({ unknown: [brief('uuuuuuuu-1', 'unknown'), brief('uuuuuuuu-2', 'unknown')] }));
    render(EndOfDayScreen);
    await user.click(await screen.findByRole('button', { name: 'Close day (Z)…' }));
    const panel = screen.getByTestId('close-day');
    expect(panel.textContent).toMatch(/Payments with an unknown outcome: 2\./);
    const submit = within(panel).getByRole('button', { name: 'Close the day with the override' });

    await user.type(within(panel).getByLabelText('Your name'), 'Eleni');
    await user.click(submit);
    expect(within(panel).getByRole('alert').textContent).toMatch(/Tick the box/);
    await user.click(within(panel).getByRole('checkbox', { name: 'Close the day although payments have an unknown outcome (2)' }));
    await user.click(submit);
    expect(within(panel).getByRole('alert').textContent).toMatch(/Give the reason/);
    expect(fake.callsOf('closeDay')).toHaveLength(0);

    await user.type(within(panel).getByLabelText('Reason for closing anyway'), 'Viva support confirmed both declined; ticket 4411');
    await user.click(submit);
    await waitFor(() =>
      expect(fake.callsOf('closeDay')).toEqual([
        { day: DAY, operator: 'Eleni', overrideUnknown: { reason: 'Viva support confirmed both declined; ticket 4411' } },
      ]),
    );
    expect((await screen.findByText(/Closed with unknown payments by Eleni: Viva support confirmed both declined/)).textContent).toBeTruthy();
    expect(screen.getByTestId('day-status').textContent).toMatch(/Z report 7/);
  });

  it('switches to the override when the till refuses because unknown payments appeared meanwhile', async () => {
    const user = userEvent.setup();
    let reports = 0;
    const fake = setup(report(), {
      dayReport: () => (++reports === 1 ? report() : report({ unknown: [brief('uuuuuuuu-3', 'unknown')] })),
      closeDay: () => failure('unknown-sessions', '1 payment(s) have an unknown outcome: reconcile or resolve them first, or close with an override and a reason'),
    });
    operator.name = 'Eleni';
    render(EndOfDayScreen);
    await user.click(await screen.findByRole('button', { name: 'Close day (Z)…' }));
    await user.click(screen.getByRole('button', { name: 'Close the day' }));
    expect((await screen.findByText(/have an unknown outcome: reconcile or resolve them first/)).textContent).toBeTruthy();
    await waitFor(() => expect(fake.callsOf('dayReport')).toHaveLength(2));
    expect(await screen.findByRole('checkbox', { name: /Close the day although payments have an unknown outcome \(1\)/ })).toBeTruthy();
    expect(screen.getByTestId('unresolved').textContent).toMatch(/Payments that need a decision: 1/);
  });
});

describe('end of day: exports', () => {
  it("exports the day's report through the save dialog and says where it went, or that nothing was saved", async () => {
    const user = userEvent.setup();
    const fake = setup(report(), { exportReport: () => ({ saved: true, file: '/home/till/z-7.csv' }) });
    render(EndOfDayScreen);
    await user.click(await screen.findByRole('button', { name: 'CSV (one row per payment)' }));
    expect(fake.callsOf('exportReport')).toEqual([{ day: DAY, format: 'csv' }]);
    expect((await screen.findByTestId('export-outcome')).textContent).toMatch(/Saved to \/home\/till\/z-7\.csv/);

    fake.handlers.exportReport = () => ({ saved: false, file: null });
    await user.click(screen.getByRole('button', { name: 'PDF (printable report)' }));
    await waitFor(() => expect(screen.getByTestId('export-outcome').textContent).toMatch(/Export cancelled: nothing was saved/));
    expect(fake.callsOf('exportReport').at(-1)).toEqual({ day: DAY, format: 'pdf' });
  });

  it('exports a range of days as one CSV, showing the progress while it writes', async () => {
    const user = userEvent.setup();
    let finish: (value: { saved: boolean; file: string | null; rows?: number }) => void = () => {};
    const fake = setup(report(), { exportRange: () => new Promise((resolve) => (finish = resolve)) });
    render(EndOfDayScreen);
    const from = (await screen.findByLabelText('From day')) as HTMLInputElement;
    await user.clear(from);
    await user.type(from, '2026-01-01');
    const to = screen.getByLabelText('To day') as HTMLInputElement;
    await user.clear(to);
    await user.type(to, '2025-12-31');
    expect(screen.getByText('The range ends before it starts. Swap the two days.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Export the range (CSV)' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(to);
    await user.type(to, '2026-12-31');
    await user.click(screen.getByRole('button', { name: 'Export the range (CSV)' }));
    expect(fake.callsOf('exportRange')).toEqual([{ fromDay: '2026-01-01', toDay: '2026-12-31' }]);
    expect(screen.getByText('Exporting…')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'JSON (full report)' }) as HTMLButtonElement).disabled).toBe(true);

    fake.emit('exportProgress', { file: '/home/till/2026.csv', rows: 5000, total: 20_000 });
    expect(await screen.findByText('Exporting: 5,000 of 20,000 rows')).toBeTruthy();
    expect((document.querySelector('progress') as HTMLProgressElement).value).toBe(25);
    fake.emit('exportProgress', { file: '/home/till/2026.csv', rows: 15_000, total: 20_000 });
    await waitFor(() => expect((document.querySelector('progress') as HTMLProgressElement).value).toBe(75));

    finish({ saved: true, file: '/home/till/2026.csv', rows: 20_000 });
    expect((await screen.findByTestId('export-outcome')).textContent).toMatch(/Saved to \/home\/till\/2026\.csv\s*\(rows: 20,000\)/);
    expect(document.querySelector('progress')).toBeNull();
  });

  it('shows a failed export as a sentence', async () => {
    const user = userEvent.setup();
    setup(report(), { exportReport: () => failure('save-failed', 'The file could not be written: disk full') });
    render(EndOfDayScreen);
    await user.click(await screen.findByRole('button', { name: 'JSON (full report)' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/disk full\./);
  });
});
