import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NeverEndingDiagnosis } from '../../../electron/core/payments/index.ts';
import CheckoutScreen from '../../../renderer/src/screens/checkout/CheckoutScreen.svelte';
import { fakeTill, primeApp, session, settingsView, type FakeTill } from '../support/fake-till.ts';

/** The unknown panel's diagnosis of a session Viva never finishes, and the checkout's instalments row. */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
});

const unknown = session({ state: 'unknown', error: 'deadline-passed', lastSeq: 8, abortRequested: true });
const diagnosis = (overrides: Partial<NeverEndingDiagnosis> = {}): NeverEndingDiagnosis => ({
  sessionId: unknown.sessionId,
  acceptedAt: '2026-11-26T10:00:00.500Z',
  pendingSince: '2026-11-26T10:02:00.000Z',
  pendingUntil: '2026-11-26T10:13:00.000Z',
  pendingForMs: 660_000,
  dayLists: { dates: ['2026-11-26'], result: 'absent' },
  lastObserved: 'pending',
  lastObservedAt: '2026-11-26T10:13:00.000Z',
  abort: { requestedAt: '2026-11-26T10:01:30.000Z', accepted: true },
  thresholdMs: 600_000,
  recommendation: 'resolve-as-failed',
  ...overrides,
});

describe('an unknown payment Viva never finishes', () => {
  it('shows the evidence and the recommended resolution; the operator resolves it as failed', async () => {
    till.answer('openSessions', () => [unknown]);
    till.answer('diagnoseSession', () => diagnosis());
    till.answer('resolveSession', (input) => ({ ...unknown, state: input.outcome, resolution: 'operator', resolvedBy: input.operator, resolutionReason: input.reason, lastSeq: 9, finishedAt: '2026-11-26T10:14:00.000Z' }));
    render(CheckoutScreen);
    const panel = await screen.findByTestId('diagnosis');
    expect(panel.textContent).toMatch(/Viva has said "being processed" at every check from .* \(11 min\)/);
    expect(screen.getByTestId('diagnosis-day-lists').textContent?.trim()).toBe("Viva's day lists (2026-11-26) do not contain it.");
    expect(screen.getByTestId('diagnosis-recommended').textContent).toMatch(/Recommended: not charged/);
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Not charged: resolve as failed' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await user.type(screen.getByLabelText('Your name'), 'Maria');
    await user.click(button);
    expect(till.callsOf('resolveSession')).toEqual([
      { sessionId: unknown.sessionId, outcome: 'failed', operator: 'Maria', reason: 'Never delivered: Viva said "being processed" for 11 min and its day lists do not contain it.' },
    ]);
    expect(await screen.findByRole('heading', { name: 'Not completed' })).toBeTruthy();
  });

  it('without enough evidence it recommends nothing and offers no one-click resolution', async () => {
    till.answer('openSessions', () => [unknown]);
    till.answer('diagnoseSession', () => diagnosis({ pendingForMs: 120_000, recommendation: null, dayLists: { dates: ['2026-11-26'], result: 'unreadable' } }));
    render(CheckoutScreen);
    const panel = await screen.findByTestId('diagnosis');
    expect(panel.textContent).toMatch(/No recommendation yet: it needs 10 min/);
    expect(screen.getByTestId('diagnosis-day-lists').textContent).toMatch(/cannot read/);
    expect(screen.queryByRole('button', { name: 'Not charged: resolve as failed' })).toBeNull();
  });
});

describe('instalments', () => {
  it('an advanced row on a euro till sends maxInstalments with the sale', async () => {
    till.answer('startSale', (input) => session({ ...input, state: 'pending' }));
    render(CheckoutScreen);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Amount'), '30000');
    await user.click(screen.getByText('Advanced'));
    await user.type(screen.getByLabelText('Instalments offered (0 = none)'), '6');
    await user.click(screen.getByRole('button', { name: /^Charge/ }));
    expect(till.callsOf('startSale')).toEqual([expect.objectContaining({ amount: 30000, maxInstalments: 6 })]);
  });

  it('is hidden when the currency is not EUR, and nothing about instalments is sent', async () => {
    till.settings = settingsView({ currency: 'GBP' });
    primeApp(till);
    till.answer('startSale', (input) => session({ ...input, state: 'pending' }));
    render(CheckoutScreen);
    await screen.findByLabelText('Amount');
    expect(screen.queryByText('Advanced')).toBeNull();
    expect(screen.queryByLabelText('Instalments offered (0 = none)')).toBeNull();
  });
});
