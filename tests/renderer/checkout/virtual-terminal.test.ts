import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TerminalView } from '../../../electron/core/simulator/index.ts';
import VirtualTerminal from '../../../renderer/src/screens/terminal/VirtualTerminal.svelte';
import { fakeTill, idleTerminal, primeApp, refused, type FakeTill } from '../support/fake-till.ts';

/** The virtual terminal: what the customer sees, and acting as the customer. */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
});

const presentCard = (terminalId = '16000001'): TerminalView => ({
  ...idleTerminal(terminalId),
  screen: 'present-card',
  lines: ['SALE', 'EUR 42.00', 'Present card'],
  session: { sessionId: 's-1', kind: 'sale', amount: 4200, currencyCode: '978', cashRegisterId: 'till-1' },
});

describe('virtual terminal', () => {
  it('is idle with the customer actions disabled until a payment waits', async () => {
    render(VirtualTerminal, { terminalId: '16000001' });
    expect(await screen.findByText('Ready')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Tap card' }) as HTMLButtonElement).disabled).toBe(true);
    expect(till.callsOf('simulatorTerminal')[0]).toEqual({ terminalId: '16000001' });
  });

  it('shows the amount and "present card", and taps, cancels or declines with the chosen reason', async () => {
    till.answer('simulatorTerminal', () => presentCard());
    // (The fake terminal keeps waiting, so all three actions can be tried.)
    till.answer('simulatorCustomer', () => presentCard());
    render(VirtualTerminal, { terminalId: '16000001' });
    expect(await screen.findByText('Present card')).toBeTruthy();
    expect(screen.getByText('€42.00')).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Tap card' }));
    await user.click(screen.getByRole('button', { name: 'Cancel on the terminal' }));
    await user.selectOptions(screen.getByLabelText('Decline reason'), '1007');
    await user.click(screen.getByRole('button', { name: 'Decline' }));
    expect(till.callsOf('simulatorCustomer')).toEqual([
      { terminalId: '16000001', action: 'tap' },
      { terminalId: '16000001', action: 'cancel' },
      { terminalId: '16000001', action: 'decline', eventId: 1007 },
    ]);
  });

  it('shows the result with the decline reason in plain words, and disables the actions', async () => {
    till.answer('simulatorTerminal', () => ({ ...presentCard(), screen: 'result' as const, result: { success: false, eventId: 1020, message: 'Insufficient funds' } }));
    render(VirtualTerminal, { terminalId: '16000001' });
    expect(await screen.findByText('Declined')).toBeTruthy();
    expect(screen.getByTestId('terminal-screen').textContent).toContain('Insufficient funds on the card.');
    expect((screen.getByRole('button', { name: 'Decline' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a refusal as a sentence', async () => {
    till.answer('simulatorTerminal', () => presentCard());
    till.answer('simulatorCustomer', () => refused('simulator-refused', 'Terminal 16000001 is idle: no session waits for a customer'));
    render(VirtualTerminal, { terminalId: '16000001' });
    await screen.findByText('Present card');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Tap card' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Terminal 16000001 is idle: no session waits for a customer.');
  });
});
