import { en, type MessageKey } from './i18n/en.ts';
import type { Translate } from './i18n/translate.ts';

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The message for `key` when there is one; otherwise the raw value (a word the core added later). */
export function labelOr(t: Translate, key: string, raw: string): string {
  return isMessageKey(key) ? t(key) : raw;
}
