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
  it('says the customer may have been charged, what to check, and offers to serve the next customer; restored on start from the open sessions', async () => {
    await showUnknown();
    expect(screen.getByTestId('unknown-explain').textContent).toBe(
      'The customer may have been charged. Do not take another payment for this sale until it is resolved.',
    );
    expect(screen.queryByRole('button', { name: 'New sale' })).toBeNull();
    expect(screen.queryByLabelText('Amount')).toBeNull();
    expect(screen.getByTestId('what-to-check').textContent).toMatch(/terminal's screen .*banking app or card statement \(a charge of €12\.50 at about/);
    expect(screen.getByText(/Only this same sale is blocked/)).toBeTruthy();
    // The till's own words for its error class, never its English message passed off as an explanation.
    expect(screen.getByText('What the till knows: Viva did not answer in time while this payment was being sent.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Check again' }));
  });

  it('Serve the next customer: sets it aside (journaled), frees the checkout, and a set-aside payment is not brought back on start', async () => {
    const { record, user } = await showUnknown();
    till.answer('decideAttention', () => record);
    const asideItem = {
      id: `unknown:${record.sessionId}`,
      kind: 'unknown' as const,
      since: record.updatedAt,
      session: { ...record },
      setAside: { at: new Date().toISOString(), operator: null },
      refundOpen: false,
      backup: null,
    };
    till.answer('attentionList', () => [asideItem]);
    await user.click(screen.getByRole('button', { name: 'Serve the next customer' }));
    expect(till.callsOf('decideAttention')).toEqual([{ sessionId: record.sessionId, decision: 'set-aside' }]);
    expect(await screen.findByLabelText('Amount')).toBeTruthy();
    // The list keeps it, and says it was set aside.
    expect((await screen.findByTestId('set-aside')).textContent).toMatch(/^Set aside at /);
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
    // The refund has the focus, not New sale: one Enter never just clears it. A refund means the card again.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refund €10.13 now' }));
    expect(screen.getByText('A refund means the customer presents the card on the terminal again.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Refund €10.13 now' }));
    expect(till.callsOf('startRefund')).toEqual([{ parentSessionId: pending.sessionId, amount: 1013 }]);
    expect(await screen.findByRole('heading', { name: 'Refunding €10.13' })).toBeTruthy();
  });

  it('Keep the payment: journaled with the name of who decides; then New sale has the focus', async () => {
    const pending = session({ amount: 1013 });
    till.answer('startSale', () => pending);
    till.answer('abortSession', () => ({ ...pending, state: 'aborting' as const, abortRequested: true, lastSeq: 4 }));
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    const user = userEvent.setup();
    await user.keyboard('1013{Enter}');
    await user.click(await screen.findByRole('button', { name: /Abort/ }));
    const late = approved(pending, { abortRequested: true, alert: 'paid-after-abort', lastSeq: 8 });
    till.emit('session', late);
    await screen.findByRole('heading', { name: 'Approved' });
    till.answer('decideAttention', () => late);
    await user.click(screen.getByRole('button', { name: 'Keep the payment' }));
    await user.click(screen.getByRole('button', { name: 'Keep €10.13: the customer stays charged' }));
    expect(till.callsOf('decideAttention')).toEqual([]); // no name yet
    await user.type(screen.getByLabelText('Your name'), 'Ann');
    await user.click(screen.getByRole('button', { name: 'Keep €10.13: the customer stays charged' }));
    expect(till.callsOf('decideAttention')).toEqual([{ sessionId: pending.sessionId, decision: 'keep-payment', operator: 'Ann' }]);
    expect((await screen.findByTestId('kept')).textContent).toBe('Kept by Ann: the customer stays charged.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New sale' }));
  });

  it('a payment on the attention list (paid after all, on another terminal) offers its refund and the keep decision', async () => {
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    const other = approved(session({ terminalId: '16000002', amount: 2000, tipAmount: 100 }), { alert: 'late-success' });
    till.answer('startRefund', () => session({ kind: 'refund', amount: 2100, terminalId: '16000002', parentSessionId: other.sessionId }));
    till.emit('attention', [
      { id: `late-success:${other.sessionId}`, kind: 'late-success', since: other.updatedAt, session: { ...other }, setAside: null, refundOpen: false, backup: null },
    ]);
    const list = await screen.findByTestId('attention');
    expect(list.textContent).toContain('Payments that need attention (1)');
    expect(list.textContent).toContain('Paid after all');
    expect(list.textContent).toContain('€21.00');
    expect(screen.getByRole('button', { name: 'Keep the payment' })).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Refund €21.00 now' }));
    expect(till.callsOf('startRefund')).toEqual([{ parentSessionId: other.sessionId, amount: 2100 }]);
    expect(await screen.findByRole('heading', { name: 'Refunding €21.00' })).toBeTruthy();
  });

  it("an alert of another terminal's payment banners only when the attention list does not carry it: a kind it does not know, in the core's words, dismissable", async () => {
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    const other = approved(session({ terminalId: '16000002', amount: 2000 }), { alert: 'late-success' });
    till.emit('alert', { sessionId: other.sessionId, alert: 'late-success', message: 'Viva now reports it approved.', session: other });
    const odd = approved(session({ terminalId: '16000002', amount: 500 }), { alert: 'something-new' });
    till.emit('alert', { sessionId: odd.sessionId, alert: 'something-new', message: 'Something new happened.', session: odd });
    const banner = await screen.findByRole('alert');
    expect(banner.textContent?.replace(/\s+/g, ' ')).toContain('Something new happened. (€5.00, Terminal 16000002)');
    expect(document.querySelector('[data-alert="late-success"]')).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(document.querySelector('[data-alert]')).toBeNull();
  });
});
