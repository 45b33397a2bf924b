import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Difference, ReconciliationResult } from '../../../electron/core/reports/index.ts';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import { groupDifferences, withDifference } from '../../../renderer/src/screens/reconciliation/differences.ts';
import { journalFocus, operator } from '../../../renderer/src/lib/shared-state.svelte.ts';
import ReconciliationScreen from '../../../renderer/src/screens/reconciliation/ReconciliationScreen.svelte';
import { failure, fakeEcr, installEcr, type FakeEcr } from '../support/fake-ecr.ts';

const DAY = '2026-03-10';

const vivaSide = (overrides: Partial<NonNullable<Difference['viva']>> = {}): NonNullable<Difference['viva']> => ({
  outcome: 'approved',
  eventId: 0,
  amount: 2000,
  tipAmount: 0,
  currencyCode: '978',
  terminalId: '16000001',
  cashRegisterId: 'till-2',
  merchantReference: 'viva-only-ref',
  occurredAt: '2026-03-10T11:00:00.000Z',
  cardBrand: 'VISA',
  maskedPan: '414746XXXXXX0133',
  ...overrides,
});

const journalSide = (overrides: Partial<NonNullable<Difference['journal']>> = {}): NonNullable<Difference['journal']> => ({
  kind: 'sale',
  state: 'declined',
  amount: 1500,
  tipAmount: 0,
  currencyCode: '978',
  terminalId: '16000001',
  cashRegisterId: 'till-1',
  merchantReference: 'table-4',
  createdAt: '2026-03-10T09:00:00.000Z',
  ...overrides,
});

function difference(kind: Difference['kind'], sessionId: string, overrides: Partial<Difference> = {}): Difference {
  return {
    id: `${kind}:${sessionId}`,
    kind,
    sessionId,
    status: 'open',
    detail: `A ${kind} difference on ${sessionId}.`,
    journal: kind === 'viva-only' ? null : journalSide(),
    viva: kind === 'local-only' ? null : vivaSide(),
    resolution: null,
    actions: kind === 'viva-only' ? ['accept', 'explain', 'refund'] : ['accept', 'explain'],
    otherTill: null,
    ...overrides,
  };
}

function result(differences: Difference[], overrides: Partial<ReconciliationResult> = {}): ReconciliationResult {
  const open = differences.filter((d) => d.status === 'open').length;
  return {
    businessDay: DAY,
    timeZone: 'UTC',
    cutoffHour: 0,
    source: 'viva',
    vivaError: null,
    message: '',
    utcDates: [DAY],
    journalSessions: 12,
    vivaSessions: 13,
    unknownSessions: [],
    matched: 10,
    inProgress: 0,
    notSent: 1,
    vivaPending: 0,
    differences,
    open,
    resolved: differences.length - open,
    checkedAt: '2026-03-10T21:00:00.000Z',
    ...overrides,
  };
}

const resolvedBy = (d: Difference, action: NonNullable<Difference['resolution']>['action'], extra: Partial<Difference['resolution'] & object> = {}): Difference => ({
  ...d,
  status: 'resolved',
  actions: [],
  resolution: { action, till: null, at: '2026-03-10T21:05:00.000Z', operator: operator.name, reason: null, refundSessionId: null, ...extra },
});

const DIFFERENCES = [
  difference('state-mismatch', 'cccccccc-0000-4000-8000-000000000003'),
  difference('viva-only', 'aaaaaaaa-0000-4000-8000-000000000001'),
  difference('viva-only', 'bbbbbbbb-0000-4000-8000-000000000002', { status: 'resolved', actions: [], resolution: { action: 'explained', till: null, at: '2026-03-10T20:00:00.000Z', operator: 'Nikos', reason: 'Till 2 took it', refundSessionId: null } }),
];

function setup(differences = DIFFERENCES, extra: Parameters<typeof fakeEcr>[0] = {}): FakeEcr {
  const byId = new Map(differences.map((d) => [d.id, d]));
  const fake = fakeEcr({
    reconcileDay: () => result([...byId.values()]),
    resolveDifference: (input) => {
      const d = byId.get(input.differenceId) as Difference;
      const after = resolvedBy(d, input.action === 'accept' ? 'accepted' : input.action === 'refund' ? 'refund' : 'explained', {
        reason: input.reason ?? null,
        ...(input.action === 'refund' ? { refundSessionId: 'rrrrrrrr-0000-4000-8000-000000000009' } : {}),
      });
      byId.set(after.id, after);
      return after;
    },
    ...extra,
  });
  installEcr(fake);
  return fake;
}

async function run(user: ReturnType<typeof userEvent.setup>): Promise<void> {
  const day = screen.getByLabelText('Business day') as HTMLInputElement;
  await user.clear(day);
  await user.type(day, DAY);
  await user.click(screen.getByRole('button', { name: 'Run reconciliation' }));
  await screen.findByTestId('recon-summary');
}

const card = (id: string) => document.querySelector<HTMLElement>(`[data-difference-id="${id}"]`) as HTMLElement;

afterEach(() => {
  cleanup();
  operator.name = '';
});

describe('reconciliation: grouping', () => {
  it('groups differences by kind in the order to look at them, with counts, open ones first', () => {
    const groups = groupDifferences(DIFFERENCES);
    expect(groups.map((g) => [g.kind, g.open, g.resolved])).toEqual([
      ['viva-only', 1, 1],
      ['state-mismatch', 1, 0],
    ]);
    expect(groups[0]?.differences.map((d) => d.status)).toEqual(['open', 'resolved']);
    const after = withDifference(result(DIFFERENCES), resolvedBy(DIFFERENCES[1] as Difference, 'accepted'));
    expect([after.open, after.resolved]).toEqual([1, 2]);
  });

  it('runs the chosen day and shows the groups with their counts and the summary', async () => {
    const user = userEvent.setup();
    const fake = setup();
    render(ReconciliationScreen);
    await run(user);
    expect(fake.callsOf('reconcileDay')).toEqual([{ day: DAY }]);
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.replace(/\s+/g, ' ').trim());
    expect(headings).toEqual(['Only at Viva 1 open, 1 resolved', 'Different outcome 1 open, 0 resolved']);
    expect(screen.getByTestId('count-open').textContent).toBe('2');
    expect(screen.getByTestId('count-resolved').textContent).toBe('1');
    expect(screen.getByTestId('count-matched').textContent).toBe('10');
    // The resolved one says how and by whom; only open ones offer actions.
    const resolved = card('viva-only:bbbbbbbb-0000-4000-8000-000000000002');
    expect(within(resolved).getByTestId('resolution').textContent).toMatch(/Explained · by Nikos/);
    expect(within(resolved).queryByRole('button', { name: "Accept Viva's record" })).toBeNull();
    // The two sides next to each other.
    const mismatch = card('state-mismatch:cccccccc-0000-4000-8000-000000000003');
    const outcomeRow = within(mismatch).getByRole('row', { name: /Outcome/ });
    expect(outcomeRow.textContent).toMatch(/Declined.*Approved/);
  });

  it('says when Viva could not be reached and only the journal was read', async () => {
    const user = userEvent.setup();
    setup([], { reconcileDay: () => result([], { source: 'journal-only', vivaError: { code: 'network', message: 'Viva could not be reached.' } }) });
    render(ReconciliationScreen);
    await run(user);
    expect(screen.getByTestId('recon-summary').textContent).toMatch(/Viva could not be reached, so this is the journal alone/);
    expect(screen.queryByText(/Everything matches/)).toBeNull();
  });

  it('says plainly when everything matches', async () => {
    const user = userEvent.setup();
    setup([]);
    render(ReconciliationScreen);
    await run(user);
    expect(screen.getByRole('status').textContent).toMatch(/Everything matches Viva: 10 payments compared\./);
  });

  it('titles each card by amount, local time and reference, the session id only as a detail, and words it from the catalogue', async () => {
    const user = userEvent.setup();
    const differences = [
      difference('viva-only', 'aaaaaaaa-0000-4000-8000-000000000001', { actions: ['assign', 'explain'], otherTill: 'till-2', detail: 'core English' }),
      difference('local-only', 'dddddddd-0000-4000-8000-000000000004', { journal: journalSide({ state: 'approved' }), actions: ['not-paid', 'explain'], detail: 'core English' }),
    ];
    setup(differences, { reconcileDay: () => result(differences, { timeZone: 'Europe/Athens' }) });
    render(ReconciliationScreen);
    await run(user);
    const other = card('viva-only:aaaaaaaa-0000-4000-8000-000000000001');
    // 11:00 UTC is 13:00 in the business day's zone (Athens), whatever the machine's zone.
    expect(within(other).getByRole('heading', { level: 3 }).textContent).toMatch(/€20\.00 · 13:00:00 · viva-only-ref/);
    expect(within(other).getByRole('heading', { level: 3 }).textContent).not.toMatch(/aaaaaaaa/);
    expect(other.textContent).toContain('Session aaaaaaaa-0000-4000-8000-000000000001');
    expect(within(other).getByTestId('difference-detail').textContent).toBe("Viva has a payment (Approved) from till till-2. It is that till's payment: it does not count in this till's totals.");
    const buttons = within(within(other).getByRole('group')).getAllByRole('button');
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['Belongs to till till-2', 'Explain']);
    expect(screen.queryByText('core English')).toBeNull();
    const local = card('local-only:dddddddd-0000-4000-8000-000000000004');
    expect(within(local).getByRole('heading', { level: 3 }).textContent).toMatch(/€15\.00 · 11:00:00 · table-4/);
    expect(within(within(local).getByRole('group')).getAllByRole('button')[0]?.textContent?.trim()).toBe('Not paid');
    // Never sent and Pending at Viva say what they mean, in words.
    expect(screen.getByTestId('recon-summary').textContent).toMatch(/Refused before reaching Viva: no card was charged/);
    expect(screen.getByTestId('recon-summary').textContent).toMatch(/Viva has no outcome for them yet/);
  });

  it('counts in words that agree with the number, in English and in Greek', async () => {
    const user = userEvent.setup();
    setup([difference('viva-only', 'aaaaaaaa-0000-4000-8000-000000000001')]);
    render(ReconciliationScreen);
    await run(user);
    expect(screen.getAllByRole('heading', { level: 2 })[0]?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Only at Viva 1 open, 0 resolved');
    app.language = 'el';
    try {
      await waitFor(() => expect(screen.getAllByRole('heading', { level: 2 })[0]?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Μόνο στη Viva 1 ανοιχτή, 0 διευθετημένες'));
    } finally {
      app.language = 'en';
    }
  });
});

describe('reconciliation: another till, not paid', () => {
  it("records another till's payment as that till's, and marks a payment Viva never saw not paid, each with the operator's name", async () => {
    const user = userEvent.setup();
    const other = difference('viva-only', 'aaaaaaaa-0000-4000-8000-000000000001', { actions: ['assign', 'explain'], otherTill: 'till-2' });
    const local = difference('local-only', 'dddddddd-0000-4000-8000-000000000004', { journal: journalSide({ state: 'approved' }), actions: ['not-paid', 'explain'] });
    const byId = new Map([other, local].map((d) => [d.id, d]));
    const fake = fakeEcr({
      reconcileDay: () => result([...byId.values()]),
      resolveDifference: (input) => {
        const d = byId.get(input.differenceId) as Difference;
        const after = resolvedBy(d, input.action === 'assign' ? 'assigned' : 'not-paid', { till: input.action === 'assign' ? 'till-2' : null });
        byId.set(after.id, after);
        return after;
      },
    });
    installEcr(fake);
    operator.name = 'Maria';
    render(ReconciliationScreen);
    await run(user);
    const otherCard = card(other.id);
    await user.click(within(otherCard).getByRole('button', { name: 'Belongs to till till-2' }));
    expect(otherCard.textContent).toMatch(/It does not count in this till's totals\./);
    await user.click(within(otherCard).getByRole('button', { name: "Record it as till till-2's" }));
    await waitFor(() => expect(within(otherCard).getByTestId('resolution').textContent).toMatch(/Recorded as till till-2's payment: not counted here · by Maria/));

    const localCard = card(local.id);
    await user.click(within(localCard).getByRole('button', { name: 'Not paid' }));
    await user.click(within(localCard).getByRole('button', { name: 'Mark it not paid' }));
    await waitFor(() => expect(within(localCard).getByTestId('resolution').textContent).toMatch(/Marked not paid: it no longer counts in the day's totals · by Maria/));
    expect(fake.callsOf('resolveDifference')).toEqual([
      { day: DAY, differenceId: other.id, action: 'assign', operator: 'Maria' },
      { day: DAY, differenceId: local.id, action: 'not-paid', operator: 'Maria' },
    ]);
  });
});

describe('reconciliation: resolving', () => {
  it("accepts Viva's record of a Viva-only payment with the operator's name, and the counts follow", async () => {
    const user = userEvent.setup();
    const fake = setup();
    render(ReconciliationScreen);
    await run(user);
    const open = card('viva-only:aaaaaaaa-0000-4000-8000-000000000001');
    await user.click(within(open).getByRole('button', { name: "Accept Viva's record" }));
    expect(within(open).getByRole('button', { name: "Accept Viva's record" }).getAttribute('aria-expanded')).toBe('true');
    // Without a name nothing is sent.
    const submit = within(open).getByRole('button', { name: 'Record it in the journal' });
    await user.click(submit);
    expect(within(open).getByRole('alert').textContent).toMatch(/Enter your name/);
    expect(fake.callsOf('resolveDifference')).toHaveLength(0);

    await user.type(within(open).getByLabelText('Your name'), 'Maria');
    await user.click(submit);
    await waitFor(() =>
      expect(fake.callsOf('resolveDifference')).toEqual([
        { day: DAY, differenceId: 'viva-only:aaaaaaaa-0000-4000-8000-000000000001', action: 'accept', operator: 'Maria' },
      ]),
    );
    await waitFor(() => expect(within(open).getByTestId('resolution').textContent).toMatch(/Viva's record was accepted into the journal · by Maria/));
    expect(screen.getByTestId('count-open').textContent).toBe('1');
    expect(screen.getByTestId('count-resolved').textContent).toBe('2');
    expect(screen.getAllByRole('heading', { level: 2 })[0]?.textContent).toMatch(/0 open, 2 resolved/);

    // Opening it in the journal hands the session to the journal screen.
    await user.click(within(open).getByRole('button', { name: 'Open in journal' }));
    expect(journalFocus.sessionId).toBe('aaaaaaaa-0000-4000-8000-000000000001');
    expect(app.screen).toBe('journal');
  });

  it('explains a difference only with a reason', async () => {
    const user = userEvent.setup();
    const fake = setup();
    operator.name = 'Nikos';
    render(ReconciliationScreen);
    await run(user);
    const mismatch = card('state-mismatch:cccccccc-0000-4000-8000-000000000003');
    await user.click(within(mismatch).getByRole('button', { name: 'Explain' }));
    expect((within(mismatch).getByLabelText('Your name') as HTMLInputElement).value).toBe('Nikos');
    await user.click(within(mismatch).getByRole('button', { name: 'Save the explanation' }));
    expect(within(mismatch).getByRole('alert').textContent).toMatch(/Give the reason/);
    await user.type(within(mismatch).getByLabelText('Reason'), 'Customer paid again in cash');
    await user.click(within(mismatch).getByRole('button', { name: 'Save the explanation' }));
    await waitFor(() =>
      expect(fake.callsOf('resolveDifference')).toEqual([
        { day: DAY, differenceId: 'state-mismatch:cccccccc-0000-4000-8000-000000000003', action: 'explain', operator: 'Nikos', reason: 'Customer paid again in cash' },
      ]),
    );
    await waitFor(() => expect(within(mismatch).getByTestId('resolution').textContent).toMatch(/Customer paid again in cash/));
  });

  it('starts a refund for (part of) what Viva charged', async () => {
    const user = userEvent.setup();
    const fake = setup();
    operator.name = 'Maria';
    render(ReconciliationScreen);
    await run(user);
    const open = card('viva-only:aaaaaaaa-0000-4000-8000-000000000001');
    await user.click(within(open).getByRole('button', { name: 'Refund' }));
    const amount = within(open).getByLabelText('Amount to refund') as HTMLInputElement;
    expect(amount.value).toBe('20.00');
    await user.clear(amount);
    await user.type(amount, '7.5');
    await user.click(within(open).getByRole('button', { name: 'Start the refund' }));
    await waitFor(() =>
      expect(fake.callsOf('resolveDifference')).toEqual([
        { day: DAY, differenceId: 'viva-only:aaaaaaaa-0000-4000-8000-000000000001', action: 'refund', operator: 'Maria', amount: 750 },
      ]),
    );
    await waitFor(() => expect(within(open).getByTestId('resolution').textContent).toMatch(/Settled by a refund/));
    expect(within(open).getByRole('button', { name: 'Open the refund' })).toBeTruthy();
  });

  it('shows a refused resolution as a sentence and keeps the difference open', async () => {
    const user = userEvent.setup();
    setup(DIFFERENCES, {
      resolveDifference: () => failure('viva-unreachable', "Resolving needs Viva's current record, and Viva could not be asked. Nothing was written"),
    });
    operator.name = 'Maria';
    render(ReconciliationScreen);
    await run(user);
    const open = card('viva-only:aaaaaaaa-0000-4000-8000-000000000001');
    await user.click(within(open).getByRole('button', { name: "Accept Viva's record" }));
    await user.click(within(open).getByRole('button', { name: 'Record it in the journal' }));
    expect((await within(open).findByRole('alert')).textContent).toMatch(/Viva could not be asked\. Nothing was written\./);
    expect(within(open).queryByTestId('resolution')).toBeNull();
    expect(screen.getByTestId('count-open').textContent).toBe('2');
  });

  it('shows a failed run as a sentence', async () => {
    const user = userEvent.setup();
    setup(DIFFERENCES, { reconcileDay: () => failure('starting', 'The till is starting') });
    render(ReconciliationScreen);
    const day = screen.getByLabelText('Business day') as HTMLInputElement;
    await user.clear(day);
    await user.type(day, DAY);
    await user.click(screen.getByRole('button', { name: 'Run reconciliation' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/The till is starting\. Wait a moment and try again\./);
  });
});
