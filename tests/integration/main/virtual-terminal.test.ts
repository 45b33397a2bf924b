import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import type { TerminalView } from '../../../electron/core/simulator/index.ts';
import { eventually, startShell, valueOf, type Shell } from './shell-harness.ts';

/**
 * The virtual terminal channels: what the simulated terminal shows, and the trainee acting as the
 * customer, through the same dispatcher as the app; refused with a typed error outside the simulator.
 */
describe('virtual terminal channels', () => {
  let shell: Shell | undefined;
  afterEach(async () => {
    await shell?.close();
    shell = undefined;
  });

  it('shows the waiting sale and lets the customer tap to pay', async () => {
    shell = await startShell({ engine: { deadlineMs: 10_000 } });
    expect(valueOf<TerminalView>(await shell.call('simulatorTerminal', { terminalId: '16000001' })).screen).toBe('idle');
    // .01 waits for the customer on the virtual terminal.
    const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 1001, terminalId: '16000001' }));
    const waiting = await eventually(async () => {
      const view = valueOf<TerminalView>(await shell!.call('simulatorTerminal', { terminalId: '16000001' }));
      return view.screen === 'present-card' && view;
    }, 'present card');
    expect(waiting.session).toMatchObject({ sessionId: sale.sessionId, amount: 1001 });
    const after = valueOf<TerminalView>(await shell.call('simulatorCustomer', { terminalId: '16000001', action: 'tap' }));
    expect(after.screen).toBe('result');
    const settled = await shell.host.core().engine.settled(sale.sessionId);
    expect(settled.state).toBe('approved');
  });

  it('declines with the chosen reason', async () => {
    shell = await startShell({ engine: { deadlineMs: 10_000 } });
    const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 2001, terminalId: '16000002' }));
    await eventually(async () => valueOf<TerminalView>(await shell!.call('simulatorTerminal', { terminalId: '16000002' })).screen === 'present-card', 'present card');
    valueOf(await shell.call('simulatorCustomer', { terminalId: '16000002', action: 'decline', eventId: 1020 }));
    const settled = await shell.host.core().engine.settled(sale.sessionId);
    expect(settled).toMatchObject({ state: 'declined', vivaEventId: 1020 });
  });

  it('refuses a customer action on an idle terminal, an unknown terminal, and a reason without decline', async () => {
    shell = await startShell();
    expect(await shell.call('simulatorCustomer', { terminalId: '16000001', action: 'tap' })).toMatchObject({ ok: false, error: { code: 'simulator-refused' } });
    expect(await shell.call('simulatorTerminal', { terminalId: '99999999' })).toMatchObject({ ok: false, error: { code: 'simulator-refused' } });
    expect(await shell.raw('simulatorCustomer', { terminalId: '16000001', action: 'tap', eventId: 1020 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('is refused outside the Simulator environment', async () => {
    shell = await startShell({ environment: 'demo' });
    expect(await shell.call('simulatorTerminal', { terminalId: '16000001' })).toMatchObject({ ok: false, error: { code: 'not-simulator' } });
    expect(await shell.call('simulatorCustomer', { terminalId: '16000001', action: 'cancel' })).toMatchObject({ ok: false, error: { code: 'not-simulator' } });
  });
});
