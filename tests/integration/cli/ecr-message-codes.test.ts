import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../../electron/cli/describe-error.ts';
import { JournalError } from '../../../electron/core/journal/errors.ts';
import { journalFile, openJournal, type Journal } from '../../../electron/core/journal/index.ts';
import { toIpcError } from '../../../electron/main/ipc.ts';
import { renderMessage } from '../../../electron/domain/messages.ts';
import { errorSentence } from '../../../renderer/src/lib/errors.ts';
import { saleRequest, testJournal } from '../../unit/journal/helpers.ts';
import { runEcr } from './run-ecr.ts';

// The core says a refusal by message id and params; the CLI prints its English rendering, a
// Greek screen its Greek one. Real parts: a real journal file filled to a real SQLITE_FULL, and
// the real `ecr` binary in its own process.

/** Greek text: Greek letters, and no run of English words (paths, ids and SQLite's words are params or detail). */
function expectGreek(text: string): void {
  expect(text).toMatch(/[α-ωά-ώ]{4,}/);
  expect(text).not.toMatch(/\b(?:the|could|not|journal|disk|is|was)\b/i);
}

function journalRefusal(fn: () => unknown): JournalError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    return error as JournalError;
  }
  throw new Error('expected a JournalError, nothing was thrown');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-codes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a journal fault that reaches a person, by message id', () => {
  it('a full disk (a journal capped with max_page_count): Greek on a Greek screen, and the CLI line is the English rendering with SQLite’s words as detail', () => {
    const { journal } = testJournal();
    // max_page_count holds for one connection only: the journal's own, reached through its private field.
    const db = (journal as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let full: JournalError | undefined;
    for (let i = 0; i < 2000 && !full; i += 1) {
      try {
        journal.createSession(saleRequest({ customerTrns: 'c'.repeat(200) }));
      } catch (error) {
        full = error as JournalError;
      }
    }
    if (!full) throw new Error('the capped journal never filled up');

    expect(full.code).toBe('disk-full');
    expect(full.messageId).toBe('journal.write-fault.disk-full');
    expect(full.params).toEqual({ operationPhrase: 'journal.op.record-payment', file: journal.file });

    const english = renderMessage('en', full.messageId!, full.params);
    expect(english).toBe(
      `Cloud ECR could not record a new payment: the disk that holds the journal is full, or the journal reached its size limit (${journal.file}). ` +
        'Nothing was written. Free some disk space, then try again.',
    );
    // What `ecr` prints after "ecr: ": the English rendering, then SQLite's own words.
    const printed = describeError(full).message;
    expect(printed.startsWith(`${english} `)).toBe(true);
    expect(printed.slice(english.length + 1)).toMatch(/^\(SQLITE_FULL: .+\)$/);

    const greek = renderMessage('el', full.messageId!, full.params);
    expect(greek).toBe(
      `Το Cloud ECR δεν μπόρεσε να καταγράψει μια νέα πληρωμή: ο δίσκος του βιβλίου συναλλαγών είναι γεμάτος ή το βιβλίο έφτασε το όριο μεγέθους του (${journal.file}). ` +
        'Δεν γράφτηκε τίποτα. Ελευθερώστε χώρο στον δίσκο και δοκιμάστε ξανά.',
    );
    expectGreek(greek.replace(journal.file, '').replace('Cloud ECR', ''));
    // Through IPC to the renderer: the same Greek sentence, not the English text.
    expect(errorSentence(toIpcError(full), 'el')).toBe(greek);
    expect(errorSentence(toIpcError(full), 'en')).toBe(english);
  });

  it('a day already closed: the refusal names the day and its Z report in either language', () => {
    const { journal } = testJournal();
    const close = () => journal.insertZReport({ businessDay: '2026-03-10', closedAt: '2026-03-11T01:00:00.000Z', anchor: journal.head(), totals: '{}', override: null });
    close();
    const refused = journalRefusal(close);
    expect(refused.code).toBe('day-closed');
    expect(refused.messageId).toBe('journal.day-closed');
    expect(refused.message).toBe(renderMessage('en', 'journal.day-closed', refused.params));
    expect(refused.message).toBe('Business day 2026-03-10 was already closed by Z report 1 at 2026-03-11T01:00:00.000Z.');
    const greek = errorSentence(toIpcError(refused), 'el');
    expect(greek).toBe('Η εργάσιμη ημέρα 2026-03-10 έχει ήδη κλείσει με την αναφορά Z 1 στις 2026-03-11T01:00:00.000Z.');
  });
});

describe('the real `ecr` prints the English rendering of the id the core named', () => {
  it('no journal in this environment yet (a read-only open): the CLI line is the message, Greek beside it', async () => {
    let opened: Journal | undefined;
    const refused = journalRefusal(() => (opened = openJournal({ dataDir: dir, environment: 'simulator', readOnly: true })));
    opened?.close();
    expect(refused.messageId).toBe('journal.not-found');
    expect(refused.params).toEqual({ environment: 'simulator', file: journalFile(dir, 'simulator') });

    const result = await runEcr(['status', 'no-such-session'], { ECR_DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(`ecr: ${renderMessage('en', 'journal.not-found', refused.params)}`);
    const greek = renderMessage('el', 'journal.not-found', refused.params);
    expect(greek).toBe(
      `Δεν υπάρχει βιβλίο συναλλαγών του περιβάλλοντος simulator στο ${journalFile(dir, 'simulator')}: τίποτα δεν έχει καταγραφεί ακόμη σε αυτό το περιβάλλον σε αυτό το ταμείο.`,
    );
  });

  it('a missing option: the hint is a phrase of the same catalogue, in the same language as its sentence', async () => {
    const result = await runEcr(['sale', '--terminal', '16000001'], { ECR_DATA_DIR: dir });
    expect(result.code).toBe(1);
    const params = { flag: '--amount', hintPhrase: 'cli.hint.amount-charge' };
    expect(result.stderr.split('\n')[0]).toBe(`ecr: ${renderMessage('en', 'cli.option-required', params)}`);
    expect(result.stderr.split('\n')[0]).toBe('ecr: --amount is required: the amount to charge, e.g. --amount 12.50.');
    expect(renderMessage('el', 'cli.option-required', params)).toBe('Το --amount είναι υποχρεωτικό: το ποσό της χρέωσης, π.χ. --amount 12.50.');
  });
});
