import type { MessageKey } from './en.ts';
import { LANGUAGES, LOCALES, translate, type Language } from './translate.ts';

/**
 * Messages that depend on a count ("1 difference is still open", "2 differences are still
 * open"): one key per plural category of the language, `base#one`, `base#other`..., chosen by
 * Intl.PluralRules. English and Greek both use `one` and `other`; a language with more
 * categories adds its keys, and a category without a key falls back to `other`. The count is
 * the `{count}` placeholder.
 */
export type PluralBase = MessageKey extends infer K ? (K extends `${infer Base}#other` ? Base : never) : never;

const rules = new Map<Language, Intl.PluralRules>();

export function pluralKey(language: Language, base: PluralBase, count: number): MessageKey {
  let rule = rules.get(language);
  if (!rule) {
    rule = new Intl.PluralRules(LOCALES[language]);
    rules.set(language, rule);
  }
  const key = `${base}#${rule.select(count)}`;
  return (Object.hasOwn(LANGUAGES[language], key) ? key : `${base}#other`) as MessageKey;
}

/** The message for `count` in `language`, with `{count}` and the other placeholders filled. */
export function translatePlural(language: Language, base: PluralBase, count: number, params: Record<string, string | number> = {}): string {
  return translate(language, pluralKey(language, base, count), { count, ...params });
}
