import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../electron/core/journal/index.ts';
import { translate, type Language } from '../../../renderer/src/lib/i18n/translate.ts';
import type { MessageKey } from '../../../renderer/src/lib/i18n/en.ts';
import { eventLine } from '../../../renderer/src/screens/journal/event-lines.ts';

const t = (language: Language) => (key: MessageKey, params?: Record<string, string | number>) => translate(language, key, params);
const at = { id: 7, sessionId: 'aaaaaaaa-0000-4000-8000-000000000001', seq: 4, at: '2026-03-10T21:00:00.000Z' };

describe("the journal's timeline for reconciliation decisions", () => {
  it('says a payment was marked not paid, on which of Viva\'s lists it was missing, and who decided', () => {
    const event = { ...at, type: 'not-paid', payload: { source: 'reconciliation', checkedDates: ['2026-03-10', '2026-03-11'], operator: 'Maria', reason: 'No charge in the banking app' } } as JournalEvent;
    expect(eventLine(event, t('en'), 'en-IE')).toEqual({
      title: 'Marked not paid at reconciliation',
      detail: "Viva's lists of 2026-03-10, 2026-03-11 have no record of it · by Maria · No charge in the banking app",
    });
    expect(eventLine(event, t('el'), 'el-GR').title).toBe('Σημειώθηκε ως απλήρωτη στη συμφωνία');
  });

  it("names the till another till's payment was recorded under", () => {
    const event = {
      ...at,
      seq: 1,
      type: 'imported',
      payload: {
        kind: 'sale', amount: 3300, tipAmount: 0, currencyCode: '978', terminalId: '16000001', cashRegisterId: 'till-2', merchantReference: null, customerTrns: null,
        parentSessionId: null, businessDay: '2026-03-10', source: 'reconciliation', disposition: 'foreign', outcome: 'approved', occurredAt: null, viva: {}, operator: 'Maria', belongsTo: 'till-2',
      },
    } as JournalEvent;
    expect(eventLine(event, t('en'), 'en-IE').detail).toBe("Approved · kept as another till's · till till-2's payment · by Maria");
  });
});
