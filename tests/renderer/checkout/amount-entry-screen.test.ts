import { fireEvent, render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import CheckoutScreen from '../../../renderer/src/screens/checkout/CheckoutScreen.svelte';
import { fakeTill, primeApp, session, type FakeTill } from '../support/fake-till.ts';

/** Amount entry on the checkout: keyboard and keypad, minor units, refused keys and overflow, Enter and Esc. */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
});

const amountField = () => screen.getByLabelText('Amount') as HTMLInputElement;

async function ready() {
  render(CheckoutScreen);
  // Devices and open sessions loaded, the amount field focused.
  await screen.findByRole('option', { name: '16000002' });
  return userEvent.setup();
}

describe('checkout amount entry', () => {
  it('types digits in minor units from the keyboard; Backspace and Delete take the last one back', async () => {
    const user = await ready();
    expect(document.activeElement).toBe(amountField());
    await user.keyboard('1250');
    expect(amountField().value).toBe('€12.50');
    expect(screen.getByRole('button', { name: 'Charge €12.50' })).toBeTruthy();
    await user.keyboard('{Backspace}');
    expect(amountField().value).toBe('€1.25');
    await user.keyboard('{Delete}');
    expect(amountField().value).toBe('€0.12');
  });

  it('takes keypad presses into the amount, and into the tip once the tip has the focus', async () => {
    const user = await ready();
    for (const key of ['7', '5', '0']) await user.click(screen.getByRole('button', { name: key }));
    expect(amountField().value).toBe('€7.50');
    await user.click(screen.getByLabelText('Tip (optional)'));
    await user.click(screen.getByRole('button', { name: '1' }));
    await user.click(screen.getByRole('button', { name: '00' }));
    expect((screen.getByLabelText('Tip (optional)') as HTMLInputElement).value).toBe('€1.00');
    expect(screen.getByRole('button', { name: 'Charge €8.50' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Delete last digit' }));
    expect((screen.getByLabelText('Tip (optional)') as HTMLInputElement).value).toBe('€0.10');
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect((screen.getByLabelText('Tip (optional)') as HTMLInputElement).value).toBe('€0.00');
    expect(amountField().value).toBe('€7.50');
  });

  it('refuses keys that are not digits, says why, and changes nothing (typing, pasting)', async () => {
    const user = await ready();
    await user.keyboard('12');
    await user.keyboard('a-e');
    expect(amountField().value).toBe('€0.12');
    expect(screen.getByText(/Only digits/)).toBeTruthy();
    expect(amountField().getAttribute('aria-invalid')).toBe('true');
    await user.paste('999');
    expect(amountField().value).toBe('€0.12');
    // The next good key clears the complaint.
    await user.keyboard('3');
    expect(amountField().value).toBe('€1.23');
    expect(screen.queryByText(/Only digits/)).toBeNull();
  });

  it('refuses a digit that would pass the largest amount, and keeps the amount', async () => {
    const user = await ready();
    await user.keyboard('99999999');
    expect(amountField().value).toBe('€999,999.99');
    await user.keyboard('9');
    expect(amountField().value).toBe('€999,999.99');
    expect(screen.getByText('That amount is larger than the till accepts in one payment.')).toBeTruthy();
    await user.keyboard('{Backspace}1');
    expect(amountField().value).toBe('€999,999.91');
  });

  it('Enter with no amount says so and sends nothing; Esc clears the amount', async () => {
    const user = await ready();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Enter an amount first.');
    expect(till.callsOf('startSale')).toEqual([]);
    await user.keyboard('42{Escape}');
    expect(amountField().value).toBe('€0.00');
  });

  it('Enter charges the amount, tip and reference on the chosen terminal, which becomes the default', async () => {
    till.answer('startSale', (input) => session({ amount: input.amount, tipAmount: input.tipAmount ?? 0, terminalId: input.terminalId! }));
    const user = await ready();
    await user.selectOptions(screen.getByRole('combobox', { name: /^Terminal/ }), '16000002');
    expect(till.callsOf('updateSettings')).toEqual([{ defaultTerminalId: '16000002' }]);
    await user.click(amountField());
    await user.keyboard('2000');
    await user.click(screen.getByLabelText('Tip (optional)'));
    await user.keyboard('150');
    await user.type(screen.getByLabelText('Reference (optional)'), 'table 4');
    await user.keyboard('{Enter}');
    expect(till.callsOf('startSale')).toEqual([{ amount: 2000, tipAmount: 150, terminalId: '16000002', merchantReference: 'table 4' }]);
    expect(await screen.findByRole('heading', { name: 'Paying €21.50' })).toBeTruthy();
  });

  it('digits typed while no field has the focus go to the amount', async () => {
    await ready();
    amountField().blur();
    await fireEvent.keyDown(document.body, { key: '5' });
    await fireEvent.keyDown(document.body, { key: '0' });
    expect(amountField().value).toBe('€0.50');
  });

  it('marks a terminal that already has an open session as busy', async () => {
    await ready();
    const elsewhere = session({ terminalId: '16000002', state: 'pending' });
    till.emit('session', elsewhere);
    expect(await screen.findByRole('option', { name: '16000002 (busy)' })).toBeTruthy();
    // Not taken over by the checkout: it is another payment, not this sale.
    expect(amountField()).toBeTruthy();
    till.emit('session', { ...elsewhere, state: 'approved', lastSeq: elsewhere.lastSeq + 1 });
    expect(await screen.findByRole('option', { name: '16000002' })).toBeTruthy();
  });
});
