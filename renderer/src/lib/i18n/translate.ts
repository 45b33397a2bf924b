import { el } from './el.ts';
import { en, type MessageKey, type Messages } from './en.ts';

export const LANGUAGES = { en, el } as const satisfies Record<string, Messages>;
export type Language = keyof typeof LANGUAGES;

/** BCP 47 tags for Intl (amounts, dates) per language. */
export const LOCALES: Record<Language, string> = { en: 'en-IE', el: 'el-GR' };

/** A message by key in the chosen language, as `app.t` gives it: what the text builders take. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

/** One message in one language with its `{placeholders}` filled; a missing value shows its name. */
export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = LANGUAGES[language][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
