import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../electron/core/journal/index.ts';
import JournalScreen from '../../../renderer/src/screens/journal/JournalScreen.svelte';
import { failure, fakeEcr, installEcr, manySessions, pagedJournal, sessionRecord, type FakeEcr } from '../support/fake-ecr.ts';

function journalWith(sessions = manySessions(30), extra: Parameters<typeof fakeEcr>[0] = {}): FakeEcr {
  const fake = fakeEcr({
    listSessions: pagedJournal(sessions),
    searchDevices: () => [{ terminalId: '16000001', statusId: 1, live: true, sourceCode: null, virtualTerminalId: null }, { terminalId: '16000002', statusId: 1, live: true, sourceCode: null, virtualTerminalId: null }],
    verifyJournal: () => ({ ok: true, events: 1234, head: 'ab'.repeat(32), sessions: 30 }),
    getSession: ({ sessionId }) => {
      const session = sessions.find((s) => s.sessionId === sessionId);
      return session ? { session, events: [] } : null;
    },
    ...extra,
  });
  installEcr(fake);
  return fake;
}

const rows = () => document.querySelectorAll('[data-session-id]');
const rowOf = (sessionId: string) => document.querySelector<HTMLElement>(`[data-session-id="${sessionId}"]`);

afterEach(() => cleanup());

describe('journal filters', () => {
  it('loads the newest page with no filter, then queries the journal with each filter chosen', async () => {
    const user = userEvent.setup();
    const fake = journalWith();
    render(JournalScreen);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(fake.callsOf('listSessions')[0]).toEqual({ limit: 100 });

    await user.selectOptions(screen.getByLabelText('State'), 'unknown');
    await waitFor(() => expect(fake.callsOf('listSessions').at(-1)).toEqual({ limit: 100, states: ['unknown'] }));

    await user.selectOptions(screen.getByLabelText('Kind'), 'refund');
    await waitFor(() => expect(fake.callsOf('listSessions').at(-1)).toEqual({ limit: 100, states: ['unknown'], kind: 'refund' }));

    await waitFor(() => expect(within(screen.getByLabelText('Terminal')).getAllByRole('option').map((o) => o.textContent)).toContain('16000002'));
    await user.selectOptions(screen.getByLabelText('Terminal'), '16000002');
    await waitFor(() => expect(fake.callsOf('listSessions').at(-1)).toMatchObject({ terminalId: '16000002' }));

    await fireEvent.change(screen.getByLabelText('From day'), { target: { value: '2026-03-01' } });
    await fireEvent.change(screen.getByLabelText('To day'), { target: { value: '2026-03-10' } });
    await waitFor(() => expect(fake.callsOf('listSessions').at(-1)).toMatchObject({ fromDay: '2026-03-01', toDay: '2026-03-10' }));

    await user.selectOptions(screen.getByLabelText('State'), 'open');
    await waitFor(() =>
      expect(fake.callsOf('listSessions').at(-1)?.states).toEqual(['created', 'dispatching', 'pending', 'aborting', 'unknown']),
    );

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(fake.callsOf('listSessions').at(-1)).toEqual({ limit: 100 }));
  });

  it('searches by reference, session id or the last 4 digits after the typing pauses, and shows what matched', async () => {
    const user = userEvent.setup();
    const sessions = [
      sessionRecord({ merchantReference: 'table-7', panLast4: '4242', maskedPan: '400000XXXXXX4242' }),
      sessionRecord({ merchantReference: 'table-8', panLast4: '0133' }),
    ];
    const fake = journalWith(sessions);
    render(JournalScreen);
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.type(screen.getByLabelText('Search'), '4242');
    await waitFor(() => expect(fake.callsOf('listSessions').at(-1)).toEqual({ limit: 100, text: '4242' }));
    // Typing four characters queried once, after the pause, not once per key.
    expect(fake.callsOf('listSessions').filter((input) => input?.text !== undefined)).toHaveLength(1);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]?.textContent).toContain('table-7');

    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'table-8{Enter}');
    await waitFor(() => expect(fake.callsOf('listSessions').at(-1)).toEqual({ limit: 100, text: 'table-8' }));
    await waitFor(() => expect(rows()[0]?.textContent).toContain('table-8'));
  });

  it('refuses a range that ends before it starts, in words, without querying', async () => {
    const fake = journalWith();
    render(JournalScreen);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    const before = fake.callsOf('listSessions').length;
    await fireEvent.change(screen.getByLabelText('From day'), { target: { value: '2026-03-10' } });
    await waitFor(() => expect(fake.callsOf('listSessions')).toHaveLength(before + 1));
    await fireEvent.change(screen.getByLabelText('To day'), { target: { value: '2026-03-01' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/ends before it starts/);
    expect(fake.callsOf('listSessions')).toHaveLength(before + 1);
    expect(rows()).toHaveLength(0);
  });

  it('shows a failed query as a sentence with what to do, and retries from where it stopped', async () => {
    const user = userEvent.setup();
    let fail = true;
    const list = pagedJournal(manySessions(5));
    const fake = journalWith(undefined, { listSessions: (input) => (fail ? failure('starting', 'The till is starting') : list(input)) });
    render(JournalScreen);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The till is starting\. Wait a moment and try again\./);
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(fake.callsOf('listSessions')).toHaveLength(2);
  });
});

describe('the virtual list', () => {
  it('keeps only a window of rows in the DOM and fetches the next page through the cursor when scrolled near the end', async () => {
    const fake = journalWith(manySessions(100_000));
    render(JournalScreen);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(fake.callsOf('listSessions')).toEqual([{ limit: 100 }]);
    // 480 px of fallback viewport / 52 px rows, plus 8 rows of overscan below.
    expect(rows().length).toBeLessThanOrEqual(20);
    expect(screen.getByTestId('journal-count').textContent).toMatch(/Sessions loaded: 100, more below/);

    const viewport = screen.getByTestId('virtual-viewport');
    viewport.scrollTop = 80 * 52;
    await fireEvent.scroll(viewport);
    await waitFor(() => expect(fake.callsOf('listSessions')).toHaveLength(2));
    expect(fake.callsOf('listSessions')[1]).toEqual({ limit: 100, cursor: '100' });
    await waitFor(() => expect(screen.getByTestId('journal-count').textContent).toMatch(/Sessions loaded: 200/));
    // The window moved with the scroll: rows 72.. are rendered, row 0 is not.
    expect(rowOf('s-0000000')).toBeNull();
    expect(rowOf('s-0000085')).not.toBeNull();
    expect(rows().length).toBeLessThanOrEqual(26);

    viewport.scrollTop = 190 * 52;
    await fireEvent.scroll(viewport);
    await waitFor(() => expect(fake.callsOf('listSessions')[2]).toEqual({ limit: 100, cursor: '200' }));
    expect(fake.callsOf('listSessions')).toHaveLength(3);
  });

  it('moves between rows with the arrow keys', async () => {
    journalWith(manySessions(40));
    render(JournalScreen);
    await waitFor(() => expect(rowOf('s-0000000')).not.toBeNull());
    rowOf('s-0000000')?.focus();
    await fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-session-id')).toBe('s-0000001'));
    await fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-session-id')).toBe('s-0000039'));
  });
});

describe('live updates', () => {
  it("updates a listed session in place when the till reports its change (an unknown settled when the network returned)", async () => {
    const unknown = sessionRecord({ state: 'unknown', merchantReference: 'lost-connection' });
    const fake = journalWith([unknown, ...manySessions(3)]);
    render(JournalScreen);
    await waitFor(() => expect(rowOf(unknown.sessionId)?.textContent).toContain('Unknown'));
    expect(fake.listeners('session')).toBe(1);
    fake.emit('session', { ...unknown, state: 'approved', resolution: 'get-session', lastSeq: 6 });
    await waitFor(() => expect(rowOf(unknown.sessionId)?.textContent).toContain('Approved'));
    expect(rows()).toHaveLength(4);

    // A new payment matching the filters is offered, not pushed into the rows under the cashier's finger.
    fake.emit('session', sessionRecord({ state: 'created', lastSeq: 1 }));
    expect(await screen.findByRole('button', { name: /More sessions match now \(1\)/ })).toBeTruthy();
    expect(rows()).toHaveLength(4);
  });

  it('unsubscribes when the screen closes', async () => {
    const fake = journalWith();
    const view = render(JournalScreen);
    await waitFor(() => expect(fake.listeners('session')).toBe(1));
    view.unmount();
    expect(fake.listeners('session')).toBe(0);
  });
});

describe('the detail panel', () => {
  it('says a payment approved after all in words, not as its alert code', async () => {
    const user = userEvent.setup();
    const sale = sessionRecord({ alert: 'late-success' });
    journalWith([sale], { refundable: () => ({ parent: sale, total: 1250, refunded: 0, remaining: 1250 }) });
    render(JournalScreen);
    await waitFor(() => expect(rowOf(sale.sessionId)).not.toBeNull());
    await user.click(rowOf(sale.sessionId) as HTMLElement);
    const detail = await screen.findByTestId('session-detail');
    const alert = await within(detail).findByRole('alert');
    expect(alert.textContent).toBe('A payment recorded as not paid was approved by Viva after all: the customer was charged.');
  });

  it('shows the session, its event timeline and the journal verified', async () => {
    const user = userEvent.setup();
    const sale = sessionRecord({ merchantReference: 'table-3', lastSeq: 4 });
    const at = (s: number) => `2026-03-10T10:00:0${s}.000Z`;
    const events = [
      { id: 1, sessionId: sale.sessionId, seq: 1, at: at(0), type: 'created', payload: { kind: 'sale', amount: 1250, tipAmount: 0, currencyCode: '978', terminalId: '16000001', cashRegisterId: 'till-1', merchantReference: 'table-3', customerTrns: null, parentSessionId: null, businessDay: '2026-03-10' } },
      { id: 2, sessionId: sale.sessionId, seq: 2, at: at(1), type: 'dispatching', payload: {} },
      { id: 3, sessionId: sale.sessionId, seq: 3, at: at(2), type: 'dispatched', payload: {} },
      { id: 4, sessionId: sale.sessionId, seq: 4, at: at(5), type: 'poll-result', payload: { outcome: 'approved', viva: { message: 'Transaction successful', eventId: 0 } } },
    ] as JournalEvent[];
    const fake = journalWith([sale], {
      getSession: () => ({ session: sale, events }),
      refundable: () => ({ parent: sale, total: 1250, refunded: 0, remaining: 1250 }),
    });
    render(JournalScreen);
    await waitFor(() => expect(rowOf(sale.sessionId)).not.toBeNull());
    await user.click(rowOf(sale.sessionId) as HTMLElement);

    const detail = await screen.findByTestId('session-detail');
    await waitFor(() => expect(within(detail).getByText(sale.sessionId)).toBeTruthy());
    const timeline = within(detail).getByTestId('event-timeline');
    expect([...timeline.querySelectorAll('strong')].map((n) => n.textContent)).toEqual([
      'Created',
      'Sending to Viva',
      'Viva accepted the request for the terminal',
      'Result from Viva',
    ]);
    // Our sentence for eventId 0, Viva's text beside it, never the bare code "(0)".
    expect(timeline.textContent).toContain('Approved. (Viva\'s own words: "Transaction successful")');
    expect(timeline.textContent).not.toContain('(0)');
    expect((await within(detail).findByTestId('journal-verified')).textContent).toMatch(/all 1,234 events are intact/);
    expect(fake.callsOf('verifyJournal')).toHaveLength(1);
    expect(rowOf(sale.sessionId)?.getAttribute('aria-current')).toBe('true');
  });

  it('says plainly when the journal was changed outside the till', async () => {
    const user = userEvent.setup();
    const sale = sessionRecord();
    journalWith([sale], {
      verifyJournal: () => ({ ok: false, events: 9, firstBroken: { eventId: 7, sessionId: sale.sessionId, reason: 'hash-mismatch', detail: 'Event 7 does not hash to its stored hash.' } }),
      refundable: () => ({ parent: sale, total: 1250, refunded: 0, remaining: 1250 }),
    });
    render(JournalScreen);
    await waitFor(() => expect(rowOf(sale.sessionId)).not.toBeNull());
    await user.click(rowOf(sale.sessionId) as HTMLElement);
    const broken = await screen.findByTestId('journal-broken');
    expect(broken.textContent).toMatch(/changed outside the till at event 7/);
    expect(broken.textContent).toMatch(/This session is affected/);
  });

  it('refunds part of a sale, refusing more than what remains', async () => {
    const user = userEvent.setup();
    const sale = sessionRecord({ amount: 5000 });
    let refunded = 1000;
    const fake = journalWith([sale], {
      refundable: () => ({ parent: sale, total: 5000, refunded, remaining: 5000 - refunded }),
      startRefund: (input) => {
        refunded += input.amount;
        return sessionRecord({ kind: 'refund', state: 'pending', amount: input.amount, parentSessionId: sale.sessionId, lastSeq: 3 });
      },
    });
    render(JournalScreen);
    await waitFor(() => expect(rowOf(sale.sessionId)).not.toBeNull());
    await user.click(rowOf(sale.sessionId) as HTMLElement);

    const remaining = await screen.findByTestId('refund-remaining');
    expect(remaining.textContent).toMatch(/€40\.00 of €50\.00 can still be refunded/);
    // The checkout's refund entry: the rest offered, the first digit replaces it, cents shift in.
    await user.click(screen.getByRole('button', { name: 'Refund…' }));
    const amount = (await screen.findByLabelText('Refund amount')) as HTMLInputElement;
    expect(amount.value).toBe('€40.00');

    // More than remains is refused at the key that would pass it.
    await user.type(amount, '4500');
    expect(amount.value).toBe('€4.50');
    expect(screen.getByText('At most €40.00 can be refunded.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await user.type(amount, '12,5');
    await user.click(screen.getByRole('button', { name: 'Refund €12.50' }));
    await waitFor(() => expect(fake.callsOf('startRefund')).toEqual([{ parentSessionId: sale.sessionId, amount: 1250 }]));
    expect((await screen.findByText(/Refund of €12\.50 sent to terminal 16000001/)).textContent).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('refund-remaining').textContent).toMatch(/€27\.50 of €50\.00/));
  });

  it('shows a refused refund as a sentence and keeps the form', async () => {
    const user = userEvent.setup();
    const sale = sessionRecord();
    journalWith([sale], {
      refundable: () => ({ parent: sale, total: 1250, refunded: 0, remaining: 1250 }),
      startRefund: () => failure('terminal-busy', 'Terminal 16000001 is busy with another payment'),
    });
    render(JournalScreen);
    await waitFor(() => expect(rowOf(sale.sessionId)).not.toBeNull());
    await user.click(rowOf(sale.sessionId) as HTMLElement);
    await user.click(await screen.findByRole('button', { name: 'Refund…' }));
    await user.click(await screen.findByRole('button', { name: 'Refund €12.50' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Terminal 16000001 is busy with another payment\. Finish or abort the payment on the terminal first\./);
    expect(screen.getByLabelText('Refund amount')).toBeTruthy();
  });

  it('settles an unknown session by hand with outcome, reason and name, or checks again', async () => {
    const user = userEvent.setup();
    let unknown = sessionRecord({ state: 'unknown', message: null, panLast4: null, maskedPan: null, cardBrand: null });
    const fake = journalWith([unknown], {
      getSession: () => ({ session: unknown, events: [] }),
      checkAgain: () => unknown,
      resolveSession: (input) => {
        unknown = { ...unknown, state: input.outcome, resolution: 'operator', resolvedBy: input.operator, resolutionReason: input.reason };
        return unknown;
      },
    });
    render(JournalScreen);
    await waitFor(() => expect(rowOf(unknown.sessionId)).not.toBeNull());
    await user.click(rowOf(unknown.sessionId) as HTMLElement);

    await user.click(await screen.findByRole('button', { name: 'Check again' }));
    expect(await screen.findByText('Checked: Unknown.')).toBeTruthy();
    expect(fake.callsOf('checkAgain')).toEqual([{ sessionId: unknown.sessionId }]);

    await user.click(screen.getByRole('button', { name: 'Record this outcome' }));
    expect(screen.getByText('Choose the outcome, give the reason and your name.')).toBeTruthy();
    expect(fake.callsOf('resolveSession')).toHaveLength(0);

    await user.selectOptions(screen.getByLabelText('What happened'), 'declined');
    await user.type(screen.getByLabelText('Reason'), 'Terminal receipt says declined');
    await user.type(screen.getByLabelText('Your name'), 'Maria');
    await user.click(screen.getByRole('button', { name: 'Record this outcome' }));
    await waitFor(() =>
      expect(fake.callsOf('resolveSession')).toEqual([
        { sessionId: unknown.sessionId, outcome: 'declined', reason: 'Terminal receipt says declined', operator: 'Maria' },
      ]),
    );
    await waitFor(() => expect(rowOf(unknown.sessionId)?.textContent).toContain('Declined'));
    expect(screen.getByTestId('session-detail').textContent).toMatch(/a person, by hand · by Maria · Terminal receipt says declined/);
  });
});
