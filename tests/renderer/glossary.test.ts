import { describe, expect, it } from 'vitest';
import { EVENT_REASONS_EL } from '../../electron/domain/event-reasons.ts';
import { MESSAGES_EL, type PluralForms } from '../../electron/domain/messages.ts';
import { REPORT_LABELS_EL, REPORT_LABELS_EN } from '../../electron/domain/report-labels.ts';
import { el } from '../../renderer/src/lib/i18n/el.ts';
import { en } from '../../renderer/src/lib/i18n/en.ts';
import { GLOSSARY, normalise } from '../../renderer/src/lib/i18n/glossary.ts';

/**
 * The glossary (renderer/src/lib/i18n/glossary.ts) is what the UI says: the keys of each term use
 * its word, and no Greek message anywhere the till speaks from (the screens, the core's message
 * catalogue, the printable report, Viva's eventIds) uses a word it rules out.
 */
const texts = (value: string | PluralForms) => (typeof value === 'string' ? [value] : [value.one, value.other]);

const greekUi = Object.entries(el);
const everyGreekText: [string, string][] = [
  ...greekUi.map(([key, text]) => [`i18n ${key}`, text] as [string, string]),
  ...Object.entries(MESSAGES_EL).flatMap(([id, value]) => texts(value).map((text) => [`message ${id}`, text] as [string, string])),
  ...Object.entries(REPORT_LABELS_EL).map(([label, text]) => [`report ${label}`, text] as [string, string]),
  ...Object.entries(EVENT_REASONS_EL).map(([key, text]) => [`event ${key}`, text] as [string, string]),
];

describe('the glossary', () => {
  it.each(GLOSSARY.map((term) => [term.en.term, term] as const))('"%s" has one name in each language, on every key that names it', (_name, term) => {
    for (const key of term.en.keys) expect(en[key].toLowerCase(), key).toContain(term.en.term.toLowerCase());
    for (const key of term.el.keys) {
      const text = normalise(el[key]);
      expect(text, key).toContain(normalise(term.el.stem));
      for (const word of term.el.notInKeys ?? []) expect(text, `${key} must not say ${word}`).not.toContain(normalise(word));
    }
  });

  it.each(GLOSSARY.flatMap((term) => (term.el.avoid ?? []).map((rule) => [rule.word, rule.why] as const)))(
    'no Greek message says %s (%s)',
    (word, _why) => {
      const offending = everyGreekText.filter(([where, text]) => {
        if (!word.test(normalise(text))) return false;
        // "Pick a day from the calendar": there the word is meant.
        const key = where.replace(/^i18n /, '');
        return !(where.startsWith('i18n ') && /calendar/i.test(en[key as keyof typeof en] ?? ''));
      });
      expect(offending).toEqual([]);
    },
  );

  it('the printable report has every label in both languages', () => {
    expect(Object.keys(REPORT_LABELS_EL).sort()).toEqual(Object.keys(REPORT_LABELS_EN).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [label, text] of Object.entries(REPORT_LABELS_EN)) {
      expect(placeholders(REPORT_LABELS_EL[label as keyof typeof REPORT_LABELS_EN]), label).toEqual(placeholders(text));
    }
  });
});
