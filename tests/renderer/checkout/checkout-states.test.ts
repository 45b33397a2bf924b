import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import CheckoutScreen from '../../../renderer/src/screens/checkout/CheckoutScreen.svelte';
import { approved, fakeTill, primeApp, refused, session, type FakeTill } from '../support/fake-till.ts';

/** What the checkout shows while a payment runs and when it ends (the journal's record drives it). */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
});

async function charge(amount: string, record: SessionRecord) {
  till.answer('startSale', () => record);
  render(CheckoutScreen);
  await screen.findByRole('option', { name: '16000002' });
  const user = userEvent.setup();
  await user.keyboard(`${amount}{Enter}`);
  return user;
}

const steps = () =>
  screen.getAllByRole('listitem').map((item) => `${item.className.split(' ').find((c) => ['todo', 'active', 'done', 'failed'].includes(c))}:${item.children[1]?.textContent}`);

describe('checkout while paying', () => {
  it('shows the timeline, the elapsed time and the terminal countdown; Esc aborts', async () => {
    const pending = session({ createdAt: new Date(Date.now() - 5_000).toISOString() });
    till.answer('abortSession', () => ({ ...pending, state: 'aborting' as const, abortRequested: true, lastSeq: 4 }));
    const user = await charge('1250', pending);
    expect(await screen.findByRole('heading', { name: 'Paying €12.50' })).toBeTruthy();
    expect(steps()).toEqual(['done:Sent to Viva', 'active:Waiting for the customer on the terminal', 'todo:Result']);
    expect(screen.getByTestId('elapsed').textContent).toMatch(/^Time since sent: [56] s$/);
    expect(screen.getByTestId('countdown').textContent).toMatch(/^The terminal gives up in 5[45] s$/);
    await user.keyboard('{Escape}');
    expect(till.callsOf('abortSession')).toEqual([{ sessionId: pending.sessionId }]);
    expect(await screen.findByText('Aborting: waiting for the terminal to confirm…')).toBeTruthy();
    expect((screen.getByRole('button', { name: /Abort/ }) as HTMLButtonElement).disabled).toBe(true);
    till.emit('session', { ...pending, state: 'aborted', vivaEventId: 1016, message: 'Transaction aborted', finishedAt: new Date().toISOString(), lastSeq: 6 });
    expect(await screen.findByRole('heading', { name: 'Aborted' })).toBeTruthy();
    expect(screen.getByTestId('reason').textContent).toBe('The payment was aborted.');
  });

  it('shows the first step from the session events before Viva has answered the dispatch', async () => {
    const created = session({ state: 'dispatching', lastSeq: 2 });
    till.answer('startSale', () => new Promise(() => {}));
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    await userEvent.setup().keyboard('1250{Enter}');
    expect(screen.getByRole('button', { name: 'Sending to Viva…' })).toBeTruthy();
    till.emit('session', created);
    expect(await screen.findByRole('heading', { name: 'Paying €12.50' })).toBeTruthy();
    expect(steps()).toEqual(['active:Sent to Viva', 'todo:Waiting for the customer on the terminal', 'todo:Result']);
    // Older copies never win over newer ones.
    till.emit('session', { ...created, state: 'pending', lastSeq: 3 });
    till.emit('session', { ...created, state: 'created', lastSeq: 1 });
    expect(await screen.findByTestId('countdown')).toBeTruthy();
  });

  it('approved: card brand, masked card number, auth code and the total with the tip', async () => {
    const pending = session({ amount: 1250, tipAmount: 200 });
    await charge('1250', pending);
    till.emit('session', approved(pending));
    expect(await screen.findByRole('heading', { name: 'Approved' })).toBeTruthy();
    expect(screen.getByTestId('result-amount').textContent).toBe('€14.50');
    expect(screen.getByText('Including a tip of €2.00')).toBeTruthy();
    expect(screen.getByTestId('masked-pan').textContent).toBe('414746XXXXXX0133');
    expect(screen.getByTestId('auth-code').textContent).toBe('654321');
    expect(within(screen.getByRole('region', { name: 'Approved' })).getByText('VISA')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New sale' }));
    // The receipt for the print dialog carries the same facts.
    const receipt = within(screen.getByTestId('receipt'));
    expect(receipt.getByText('€14.50')).toBeTruthy();
    expect(receipt.getByText('TRAINING: NOT A REAL PAYMENT')).toBeTruthy();
  });

  it('declined: Viva’s reason in plain words, or Viva’s own message for a code without words', async () => {
    const pending = session();
    const user = await charge('1250', pending);
    till.emit('session', { ...pending, state: 'declined', vivaEventId: 1020, message: 'Insufficient funds', finishedAt: new Date().toISOString(), lastSeq: 5 });
    expect(await screen.findByRole('heading', { name: 'Declined' })).toBeTruthy();
    expect(screen.getByTestId('reason').textContent).toBe('Insufficient funds on the card.');
    // Our sentence first; Viva's own words only as a detail, marked as Viva's.
    expect(screen.getByTestId('viva-text').textContent).toBe('Viva\'s own words: "Insufficient funds"');
    // Try again keeps the amount for the next attempt.
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect((screen.getByLabelText('Amount') as HTMLInputElement).value).toBe('€12.50');

    const second = session();
    till.answer('startSale', () => second);
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Paying €12.50' });
    till.emit('session', { ...second, state: 'declined', vivaEventId: 1234, message: 'Card expired', finishedAt: new Date().toISOString(), lastSeq: 5 });
    expect((await screen.findByTestId('reason')).textContent).toBe('Viva\'s own words: "Card expired"');
  });

  it('a refused payment is shown as a sentence with what to do next', async () => {
    till.answer('startSale', () => refused('terminal-busy', 'Terminal 16000001 is busy with another payment'));
    render(CheckoutScreen);
    await screen.findByRole('option', { name: '16000002' });
    await userEvent.setup().keyboard('1250{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Terminal 16000001 is busy with another payment. Finish or abort the payment on the terminal first.');
    expect((screen.getByLabelText('Amount') as HTMLInputElement).value).toBe('€12.50');
  });

  it('a missed event does not leave the screen behind: the journal is read every second', async () => {
    const pending = session();
    till.answer('sessionStatus', () => approved(pending));
    await charge('1250', pending);
    expect(await screen.findByRole('heading', { name: 'Approved' }, { timeout: 3000 })).toBeTruthy();
    expect(till.callsOf('sessionStatus')[0]).toEqual({ sessionId: pending.sessionId });
  });
});
