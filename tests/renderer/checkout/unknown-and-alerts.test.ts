import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import CheckoutScreen from '../../../renderer/src/screens/checkout/CheckoutScreen.svelte';
import { approved, fakeTill, primeApp, session, type FakeTill } from '../support/fake-till.ts';

/**
 * The answers that matter most to "did the customer pay?": unknown (may have been charged; no new
 * sale until settled; check again; operator resolution) and paid-after-abort (one-click refund).
 */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
});

const unknown = (overrides = {}) =>
  session({ state: 'unknown', error: 'timeout', message: 'The till could not reach Viva.', lastSeq: 4, ...overrides });

async function showUnknown() {
  const record = unknown();
  till.answer('openSessions', () => [record]);
  render(CheckoutScreen);
  await screen.findByRole('heading', { name: 'Outcome unknown' });
  return { record, user: userEvent.setup() };
}

describe('an unknown outcome', () => {
  it('says the customer may have been charged and blocks a new sale; restored on start from the open sessions', async () => {
    await showUnknown();
    expect(screen.getByTestId('unknown-explain').textContent).toBe(
      'The customer may have been charged. Do not take another payment for this sale until it is resolved.',
    );
    expect(screen.queryByRole('button', { name: 'New sale' })).toBeNull();
    expect(screen.queryByLabelText('Amount')).toBeNull();
    expect(screen.getByText('A new sale is blocked until this payment is resolved.')).toBeTruthy();
    // The till's own words for its error class, never its English message passed off as an explanation.
    expect(screen.getByText('What the till knows: Viva did not answer in time while this payment was being sent.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Check again' }));
  });

  it('keys do nothing while it is unknown: no Enter charge, no Esc', async () => {
    const { user } = await showUnknown();
    await user.keyboard('1250{Enter}{Escape}');
    expect(till.callsOf('startSale')).toEqual([]);
    expect(till.callsOf('abortSession')).toEqual([]);
  });

  it('Check again: "still unknown" when Viva knows nothing yet, the real outcome (recovered) when it does', async () => {
    const { record, user } = await showUnknown();
    till.answer('checkAgain', () => record);
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    expect(till.callsOf('checkAgain')).toEqual([{ sessionId: record.sessionId }]);
    expect(await screen.findByText(/^Checked again at .*: still unknown\.$/)).toBeTruthy();

    till.answer('checkAgain', () => approved(record, { resolution: 'get-session' }));
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    expect(await screen.findByRole('heading', { name: 'Approved' })).toBeTruthy();
    expect(screen.getByTestId('recovered').textContent).toMatch(/Recovered/);
    expect(screen.getByRole('button', { name: 'New sale' })).toBeTruthy();
  });

  it('operator resolution needs an outcome, a reason and a name, and records them', async () => {
    const { record, user } = await showUnknown();
    till.answer('resolveSession', (input) => ({
      ...record,
      state: input.outcome,
      resolution: 'operator',
      resolvedBy: input.operator,
      resolutionReason: input.reason,
      finishedAt: new Date().toISOString(),
      lastSeq: 5,
    }));
    await user.click(screen.getByRole('button', { name: 'Resolve by hand' }));
    const submit = screen.getByRole('button', { name: 'Record the outcome' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText('Outcome'), 'declined');
    await user.type(screen.getByLabelText('How do you know?'), 'terminal screen showed DECLINED');
    expect(submit.disabled).toBe(true);
    await user.type(screen.getByLabelText('Your name'), 'Ann');
    await user.click(submit);
    expect(till.callsOf('resolveSession')).toEqual([{ sessionId: record.sessionId, outcome: 'declined', reason: 'terminal screen showed DECLINED', operator: 'Ann' }]);
    expect(await screen.findByRole('heading', { name: 'Declined' })).toBeTruthy();
    expect(screen.getByText('Resolved by hand by Ann: terminal screen showed DECLINED')).toBeTruthy();
  });

  it('a payment that becomes unknown while on screen turns into the unknown answer', async () => {
    const pending = session();
    till.answer('startSale', () => pending);
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    await userEvent.setup().keyboard('1250{Enter}');
    await screen.findByRole('heading', { name: 'Paying €12.50' });
    till.emit('session', { ...pending, state: 'unknown', lastSeq: pending.lastSeq + 3 });
    expect(await screen.findByRole('heading', { name: 'Outcome unknown' })).toBeTruthy();
  });
});

describe('paid after abort', () => {
  it('the result says the customer paid although aborted, and refunds the total in one click', async () => {
    const pending = session({ amount: 1013 });
    till.answer('startSale', () => pending);
    till.answer('abortSession', () => ({ ...pending, state: 'aborting' as const, abortRequested: true, lastSeq: 4 }));
    const refund = session({ kind: 'refund', amount: 1013, parentSessionId: pending.sessionId });
    till.answer('startRefund', () => refund);
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    const user = userEvent.setup();
    await user.keyboard('1013{Enter}');
    await user.click(await screen.findByRole('button', { name: /Abort/ }));
    const late = approved(pending, { abortRequested: true, alert: 'paid-after-abort', lastSeq: 8 });
    till.emit('session', late);
    till.emit('alert', { sessionId: pending.sessionId, alert: 'paid-after-abort', message: 'The customer paid although the payment was cancelled.', session: late });
    expect(await screen.findByRole('heading', { name: 'Approved' })).toBeTruthy();
    expect(screen.getByText('The customer paid although the payment was aborted.')).toBeTruthy();
    // The alert of the payment on screen is not repeated as a banner.
    expect(screen.getAllByRole('button', { name: 'Refund €10.13 now' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Refund €10.13 now' }));
    expect(till.callsOf('startRefund')).toEqual([{ parentSessionId: pending.sessionId, amount: 1013 }]);
    expect(await screen.findByRole('heading', { name: 'Refunding €10.13' })).toBeTruthy();
  });

  it('an alert about another payment shows as a banner with its refund', async () => {
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    const other = approved(session({ terminalId: '16000002', amount: 2000, tipAmount: 100 }), { alert: 'late-success' });
    till.answer('startRefund', () => session({ kind: 'refund', amount: 2100, terminalId: '16000002', parentSessionId: other.sessionId }));
    till.emit('alert', { sessionId: other.sessionId, alert: 'late-success', message: 'Viva now reports it approved.', session: other });
    const banner = await screen.findByText(/was approved by Viva after all/);
    expect(banner.textContent).toContain('€21.00');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Refund €21.00 now' }));
    expect(till.callsOf('startRefund')).toEqual([{ parentSessionId: other.sessionId, amount: 2100 }]);
    expect(await screen.findByRole('heading', { name: 'Refunding €21.00' })).toBeTruthy();
    expect(screen.queryByText(/was approved by Viva after all/)).toBeNull();
  });
});
