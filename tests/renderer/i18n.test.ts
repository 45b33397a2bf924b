import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/lib/i18n/en.ts';
import { LANGUAGES, translate } from '../../renderer/src/lib/i18n/translate.ts';

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
});
