import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/lib/i18n/en.ts';
import { LANGUAGES, LOCALES, translate, type Language } from '../../renderer/src/lib/i18n/translate.ts';
import { translatePlural } from '../../renderer/src/lib/i18n/plural.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it.each(Object.keys(LANGUAGES))('%s has every key, none empty, with the same placeholders as English', (language) => {
    const messages = LANGUAGES[language as keyof typeof LANGUAGES] as Record<string, string>;
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(messages[key]?.trim(), key).not.toBe('');
      expect(placeholders(messages[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(translate('en', 'checkout.charge', { amount: '€12.50' })).toBe('Charge €12.50');
    expect(translate('el', 'checkout.charge', { amount: '12,50 €' })).toBe('Χρέωση 12,50 €');
    expect(translate('en', 'checkout.charge')).toBe('Charge {amount}');
  });

  it.each(Object.keys(LANGUAGES))('%s has a form of every counted message for each plural category its language uses', (language) => {
    const messages = LANGUAGES[language as Language] as Record<string, string>;
    const rules = new Intl.PluralRules(LOCALES[language as Language]);
    const categories = new Set(Array.from({ length: 200 }, (_, n) => rules.select(n)));
    const bases = Object.keys(en).filter((key) => key.endsWith('#other')).map((key) => key.slice(0, -'#other'.length));
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) {
      for (const category of categories) expect(Object.hasOwn(messages, `${base}#${category}`), `${base}#${category}`).toBe(true);
    }
  });

  it('counts right in English and Greek: no "1 differences", no "1 ανοιχτές"', () => {
    expect(translatePlural('en', 'recon.eodOpen', 1)).toBe('Reconciled with Viva: 1 difference is still open.');
    expect(translatePlural('en', 'recon.eodOpen', 2)).toBe('Reconciled with Viva: 2 differences are still open.');
    expect(translatePlural('en', 'recon.eodOpen', 0)).toBe('Reconciled with Viva: 0 differences are still open.');
    expect(translatePlural('el', 'recon.eodOpen', 1)).toBe('Συμφωνία με τη Viva: 1 διαφορά είναι ακόμη ανοιχτή.');
    expect(translatePlural('el', 'recon.eodOpen', 3)).toBe('Συμφωνία με τη Viva: 3 διαφορές είναι ακόμη ανοιχτές.');
    expect(translatePlural('el', 'recon.groupOpen', 1)).toBe('1 ανοιχτή');
    expect(translatePlural('en', 'recon.clean', 1)).toBe('Everything matches Viva: 1 payment compared.');
  });
});
