import { describe, expect, it } from 'vitest';
import { engineConfigFromEnv } from '../../../electron/cli/core.ts';
import { describeError } from '../../../electron/cli/describe-error.ts';
import { describeSession, exitCodeFor, progressLine } from '../../../electron/cli/outcome.ts';
import { sessionJson } from '../../../electron/cli/session-json.ts';
import { UsageError } from '../../../electron/cli/usage-error.ts';
import { JournalError, type SessionRecord } from '../../../electron/core/journal/index.ts';
import { SESSION_STATES } from '../../../electron/domain/session-states.ts';
import { PaymentError } from '../../../electron/core/payments/index.ts';
import { approvedSession, openSession } from '../../support/session-record.ts';

const record: SessionRecord = approvedSession(
  openSession({
    sessionId: '0b6f3c52-8f0e-4d2a-9a39-2f1d0c7e5a11',
    tipAmount: 100,
    cashRegisterId: 'REG-1',
    merchantReference: 'T-1',
    customerTrns: 'coffee',
    businessDay: '2026-11-26',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:04.000Z',
    lastSeq: 3,
  }),
  { finishedAt: '2026-11-26T10:00:04.000Z', transactionId: 'c90b3e8f-1a5b-4b3c-9e11-5f2f6a7b8c9d' },
);

describe('sessionJson', () => {
  it('is the flat document scripts read, amounts in minor units', () => {
    expect(sessionJson(record)).toEqual({
      sessionId: record.sessionId,
      kind: 'sale',
      state: 'approved',
      amount: 1250,
      tipAmount: 100,
      currencyCode: '978',
      currency: 'EUR',
      terminalId: '16000001',
      cashRegisterId: 'REG-1',
      merchantReference: 'T-1',
      parentSessionId: null,
      businessDay: '2026-11-26',
      eventId: 0,
      message: 'Transaction successful',
      error: null,
      transactionId: record.transactionId,
      authorizationId: '123456',
      cardBrand: 'VISA',
      panLast4: '0133',
      abortRequested: false,
      alert: null,
      resolution: null,
      resolvedBy: null,
      resolutionReason: null,
      createdAt: '2026-11-26T10:00:00.000Z',
      finishedAt: '2026-11-26T10:00:04.000Z',
    });
  });

  it('leaves out the masked card number and the internal bookkeeping', () => {
    const text = JSON.stringify(sessionJson(record));
    expect(text).not.toContain('414746');
    expect(text).not.toContain('lastSeq');
  });

  it('says null for a currency code the table does not know, instead of guessing', () => {
    expect(sessionJson({ ...record, currencyCode: '999' }).currency).toBeNull();
  });
});

describe('exit codes', () => {
  it.each([
    ['approved', 0, 0],
    ['declined', 2, 2],
    ['cancelled', 2, 2],
    ['aborted', 2, 2],
    ['failed', 2, 2],
    ['unknown', 3, 3],
    ['created', 3, 0],
    ['dispatching', 3, 0],
    ['pending', 3, 0],
    ['aborting', 3, 0],
  ] as const)('%s: %i after waiting, %i without', (state, waited, notWaited) => {
    expect(exitCodeFor(state, { waited: true })).toBe(waited);
    expect(exitCodeFor(state, { waited: false })).toBe(notWaited);
  });

  it('covers every state', () => {
    for (const state of SESSION_STATES) expect([0, 2, 3]).toContain(exitCodeFor(state, { waited: true }));
  });
});

describe('text for people', () => {
  it('progress lines start with the full sessionId and the state', () => {
    expect(progressLine({ ...record, state: 'pending' })).toBe(`${record.sessionId} pending: waiting for the customer on terminal 16000001`);
    expect(progressLine({ ...record, state: 'created' })).toContain('sale of 13.50 EUR (tip 1.00 EUR included) on terminal 16000001');
    expect(progressLine({ ...record, state: 'unknown', error: 'deadline-passed', message: null })).toMatch(/unknown: no final answer/);
  });

  it('describes a session with its outcome, card and resolution', () => {
    const text = describeSession({ ...record, resolution: 'operator', resolvedBy: 'alice', resolutionReason: 'slip' });
    expect(text).toContain('sale of 13.50 EUR (tip 1.00 EUR included) — APPROVED');
    expect(text).toContain('card      VISA …0133');
    expect(text).toContain('resolved  operator by alice: slip');
  });
});

describe('describeError', () => {
  it('gives the engine and journal refusals their own code and message', () => {
    expect(describeError(new PaymentError('terminal-busy', 'Terminal 1 is busy.'))).toEqual({ code: 'terminal-busy', message: 'Terminal 1 is busy.' });
    expect(describeError(new JournalError('newer-schema', 'Too new.'))).toEqual({ code: 'newer-schema', message: 'Too new.' });
  });
});

describe('ECR_ENGINE_CONFIG', () => {
  it('is optional', () => {
    expect(engineConfigFromEnv(undefined)).toBeUndefined();
    expect(engineConfigFromEnv('  ')).toBeUndefined();
  });

  it('is checked by the engine schema and completed with its defaults', () => {
    expect(engineConfigFromEnv('{"pollIntervalMs": 50}')).toMatchObject({ pollIntervalMs: 50, deadlineMs: 90_000 });
  });

  it.each(['{"pollIntervalMs": 0}', '{"typo": 1}', '[]', 'nope'])('refuses %s as a usage error', (text) => {
    expect(() => engineConfigFromEnv(text)).toThrow(UsageError);
  });
});
