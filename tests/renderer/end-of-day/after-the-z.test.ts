import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { DayReport, LateOutcome } from '../../../electron/core/reports/index.ts';
import type { PaymentDay } from '../../../electron/domain/payment-day.ts';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import NextDayNotice from '../../../renderer/src/screens/checkout/NextDayNotice.svelte';
import EndOfDayScreen from '../../../renderer/src/screens/end-of-day/EndOfDayScreen.svelte';
import { fakeEcr, installEcr } from '../support/fake-ecr.ts';

/**
 * After the Z in the renderer (jsdom): the checkout's next-day notice, and End of day's sides of an
 * early close (late outcomes of the closed day, the next day it points to, where that day began).
 */
const DAY = '2026-03-10';
const NEXT = '2026-03-11';

afterEach(() => {
  cleanup();
  app.language = 'en';
});

const late: LateOutcome = {
  sessionId: 'late0000-0000-4000-8000-000000000001',
  kind: 'sale',
  state: 'approved',
  stateAtClose: 'unknown',
  amount: 1250,
  tipAmount: 0,
  currencyCode: '978',
  terminalId: '16000001',
  cashRegisterId: 'till-1',
  merchantReference: null,
  createdAt: `${DAY}T18:00:00.000Z`,
  updatedAt: `${DAY}T19:20:00.000Z`,
  netChange: 1250,
};

function report(day: string, parts: Partial<DayReport>): DayReport {
  return {
    format: 'cloud-ecr.day-report',
    version: 1,
    businessDay: day,
    environment: 'simulator',
    timeZone: 'UTC',
    cutoffHour: 0,
    status: 'open',
    z: null,
    totals: {
      currencies: [],
      outcomes: { sessions: 0, approved: 0, declined: 0, cancelled: 0, aborted: 0, failed: 0, unknown: 0, inProgress: 0, foreign: 0 },
      unknownSessions: [],
      inProgressSessions: [],
    },
    reconciliation: { status: 'not-run', checkedAt: null, matched: 0, open: 0, resolved: 0, openDifferences: [] },
    integrity: null,
    lateOutcomes: [],
    earlyStart: null,
    ...parts,
  };
}

const closedDay = report(DAY, {
  status: 'closed',
  z: { number: 3, closedAt: `${DAY}T19:00:00.000Z`, anchor: { events: 10, head: 'ab'.repeat(32) }, override: { reason: 'Terminal offline', operator: 'Eleni' } },
  totals: { ...report(DAY, {}).totals, unknownSessions: [late] },
  integrity: { status: 'intact', checkedEvents: 10, problems: [], changedSinceClosing: [] },
  lateOutcomes: [late],
});
const nextDay = report(NEXT, { earlyStart: { closedDay: DAY, number: 3, closedAt: `${DAY}T19:00:00.000Z` } });
const paymentDay: PaymentDay = { businessDay: NEXT, clockDay: DAY, closed: { number: 3, closedAt: `${DAY}T19:00:00.000Z` } };

describe('the checkout after the Z', () => {
  it('says, before any sale, that new payments count in the next business day, in English and in Greek', async () => {
    installEcr(fakeEcr({ paymentDay: () => paymentDay }));
    render(NextDayNotice);
    const notice = await screen.findByTestId('next-day-notice');
    expect(notice.textContent).toMatch(/Business day Tuesday 10 March 2026 is closed \(Z report 3, /);
    expect(notice.textContent).toMatch(/New payments count in the next business day: Wednesday 11 March 2026\./);
    cleanup();

    app.language = 'el';
    render(NextDayNotice);
    expect((await screen.findByTestId('next-day-notice')).textContent).toMatch(/Οι νέες πληρωμές μετρούν στην επόμενη εργάσιμη ημέρα: Τετάρτη 11 Μαρτίου 2026\./);
  });

  it('says nothing while the clock’s day is open, or when the till cannot tell', async () => {
    const fake = fakeEcr({ paymentDay: () => ({ businessDay: DAY, clockDay: DAY, closed: null }) });
    installEcr(fake);
    render(NextDayNotice);
    await waitFor(() => expect(fake.callsOf('paymentDay')).toHaveLength(1));
    expect(screen.queryByTestId('next-day-notice')).toBeNull();
    cleanup();
    installEcr(fakeEcr({}));
    render(NextDayNotice);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByTestId('next-day-notice')).toBeNull();
  });
});

describe('End of day after the Z', () => {
  it('opens on the day a payment counts in, says where it began, and shows the closed day with its late outcomes', async () => {
    const fake = fakeEcr({ paymentDay: () => paymentDay, dayReport: ({ day }) => (day === DAY ? closedDay : nextDay) });
    installEcr(fake);
    render(EndOfDayScreen);
    const early = await screen.findByTestId('early-start');
    expect(early.textContent).toMatch(/Business day Tuesday 10 March 2026 was closed at .* \(Z report 3\); payments started since then count in this day\./);
    expect(fake.callsOf('dayReport').at(-1)).toEqual({ day: NEXT });
    // Where payments count is asked before the first report: no report of the clock's day only to be replaced.
    expect(fake.callsOf('dayReport')).toEqual([{ day: NEXT }]);

    await userEvent.setup().click(within(early).getByRole('button', { name: 'Show Tuesday 10 March 2026' }));
    const lateList = await screen.findByTestId('late-outcomes');
    expect(lateList.textContent).toMatch(/Late outcomes of this day: 1/);
    expect(lateList.textContent).toMatch(/At the Z report: Unknown; since .*: Approved/);
    expect(lateList.textContent).toMatch(/Net change: €12\.50/);
    // Unknown when the Z report froze it, settled since: no longer a decision to make.
    expect(screen.queryByTestId('unresolved')).toBeNull();
    expect(screen.getByTestId('next-day').textContent).toMatch(/count in the next business day, Wednesday 11 March 2026/);
  });
});
