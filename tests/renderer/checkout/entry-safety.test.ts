import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import CheckoutScreen from '../../../renderer/src/screens/checkout/CheckoutScreen.svelte';
import { fakeTill, primeApp, session, settingsView, type FakeTill } from '../support/fake-till.ts';

/** Issue 12 item 5: Try again, the decimal separator, a large amount and Esc never trap the cashier. */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
});

const amountField = () => screen.getByLabelText('Amount') as HTMLInputElement;

async function ready() {
  render(CheckoutScreen);
  await screen.findByRole('option', { name: '16000002' });
  return userEvent.setup();
}

describe('checkout entry safety', () => {
  it('after Try again the old amount is offered and the first digit replaces it', async () => {
    const first = session({ amount: 1002 });
    till.answer('startSale', () => first);
    const user = await ready();
    await user.keyboard('1002{Enter}');
    till.emit('session', { ...first, state: 'declined', vivaEventId: 1020, message: 'Insufficient funds', finishedAt: new Date().toISOString(), lastSeq: 5 });
    await user.click(await screen.findByRole('button', { name: 'Try again' }));
    expect(amountField().value).toBe('€10.02');
    expect(amountField().dataset.offered).toBe('true');
    expect(screen.getByText(/The last amount again/)).toBeTruthy();
    await user.keyboard('1500');
    expect(amountField().value).toBe('€15.00');
    expect(amountField().dataset.offered).toBeUndefined();
  });

  it('Enter right after Try again charges the offered amount unchanged', async () => {
    const first = session({ amount: 1002 });
    till.answer('startSale', () => first);
    const user = await ready();
    await user.keyboard('1002{Enter}');
    till.emit('session', { ...first, state: 'declined', vivaEventId: 1020, message: 'Insufficient funds', finishedAt: new Date().toISOString(), lastSeq: 5 });
    await user.click(await screen.findByRole('button', { name: 'Try again' }));
    till.answer('startSale', () => session({ amount: 1002 }));
    await user.keyboard('{Enter}');
    expect(till.callsOf('startSale').map((input) => input.amount)).toEqual([1002, 1002]);
  });

  it('"12.5" from the keyboard and "7", separator key, "2", "5" from the keypad', async () => {
    const user = await ready();
    await user.keyboard('12.5');
    expect(amountField().value).toBe('€12.50');
    expect(screen.queryByRole('status', { name: /Only digits/ })).toBeNull();
    await user.keyboard('{Escape}');
    for (const key of ['7', 'Decimal separator', '2', '5']) await user.click(screen.getByRole('button', { name: key }));
    expect(amountField().value).toBe('€7.25');
    // A third decimal is refused with a reason, and changes nothing.
    await user.keyboard('9');
    expect(amountField().value).toBe('€7.25');
    expect(screen.getByText(/2 decimal places/)).toBeTruthy();
  });

  it('the keypad shows the Greek decimal separator in Greek', async () => {
    await app.setLanguage('el');
    render(CheckoutScreen);
    expect(within(screen.getByRole('group', { name: 'Πληκτρολόγιο' })).getByRole('button', { name: 'Υποδιαστολή' }).textContent?.trim()).toBe(',');
  });

  it('a sale above the threshold asks first; Enter and Esc go back to the amount; only the explicit button sends it', async () => {
    till.answer('startSale', (input) => session({ amount: input.amount }));
    const user = await ready();
    await user.keyboard('30011010{Enter}');
    const dialog = screen.getByRole('alertdialog', { name: 'Charge €300,110.10?' });
    expect(dialog.textContent).toContain('more than €1,000.00');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Change the amount' }));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(amountField());
    await user.keyboard('{Enter}');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    // Esc closed the question; the amount is still there.
    expect(amountField().value).toBe('€300,110.10');
    expect(till.callsOf('startSale')).toEqual([]);
    await user.keyboard('{Enter}');
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Charge €300,110.10' }));
    expect(till.callsOf('startSale')).toEqual([{ amount: 30_011_010, terminalId: '16000001' }]);
  });

  it('the threshold counts the tip, and comes from the settings', async () => {
    till = fakeTill({ settings: settingsView({ confirmAboveMinor: 5000 }) });
    primeApp(till);
    till.answer('startSale', (input) => session({ amount: input.amount }));
    const user = await ready();
    // 40.00 + a 10.01 tip is above 50.00: asked.
    await user.keyboard('4000');
    await user.click(screen.getByLabelText('Tip (optional)'));
    await user.keyboard('1001{Enter}');
    expect(screen.getByRole('alertdialog', { name: 'Charge €50.01?' })).toBeTruthy();
    // Exactly the threshold is not above it: sent at once.
    await user.click(screen.getByLabelText('Tip (optional)'));
    await user.keyboard('{Backspace}0');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await user.keyboard('{Enter}');
    expect(till.callsOf('startSale')).toEqual([{ amount: 4000, tipAmount: 1000, terminalId: '16000001' }]);
  });

  it('typing a new amount while asked withdraws the question', async () => {
    const user = await ready();
    await user.keyboard('200000{Enter}');
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    await user.click(amountField());
    await user.keyboard('{Backspace}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('Esc clears the amount and the tip with an undo (button or Ctrl+Z)', async () => {
    const user = await ready();
    await user.keyboard('4250');
    await user.click(screen.getByLabelText('Tip (optional)'));
    await user.keyboard('100');
    await user.keyboard('{Escape}');
    expect(amountField().value).toBe('€0.00');
    expect(screen.getByText('Amount cleared.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(amountField().value).toBe('€42.50');
    expect((screen.getByLabelText('Tip (optional)') as HTMLInputElement).value).toBe('€1.00');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    await user.keyboard('{Escape}');
    await user.keyboard('{Control>}z{/Control}');
    expect(amountField().value).toBe('€42.50');
  });

  it('Esc on an empty entry offers no undo', async () => {
    const user = await ready();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });
});
