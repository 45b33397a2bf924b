import type { HeadOfficeView } from '../../../electron/contract/views.ts';
import type { Translate } from './i18n/translate.ts';
import { labelOr } from './message-keys.ts';

/**
 * The head office's push and the last backup as sentences (Settings, End of day). The core gives
 * codes and times; the words are here, in the user's language (a code's sentence is looked up by
 * its key, so a code the catalogue gains needs no list here).
 */

/** "Head office: last push 2 min ago." */
export function pushSentence(view: HeadOfficeView, t: Translate, nowMs: number): string {
  const push = view.push;
  if (!push || !push.configured) return t('ho.push.off');
  if (!push.lastPushAt) return t('ho.push.never');
  const minutes = Math.floor((nowMs - Date.parse(push.lastPushAt)) / 60_000);
  if (minutes < 1) return t('ho.push.justNow');
  if (minutes < 120) return t('ho.push.minutesAgo', { minutes });
  return t('ho.push.hoursAgo', { hours: Math.floor(minutes / 60) });
}

/** Null while the last attempt succeeded. */
export function pushErrorSentence(view: HeadOfficeView, t: Translate): string | null {
  const error = view.push?.lastError;
  if (!error) return null;
  // A code without words in this renderer (a newer core's) reads as the general one.
  return t('ho.push.failed', { reason: labelOr(t, `ho.error.${error.code}`, t('ho.error.internal')) });
}

export function backupSentence(view: HeadOfficeView, t: Translate, formatTime: (iso: string) => string): string {
  const last = view.lastBackup;
  if (!last) return t('ho.backup.none');
  if (last.ok) return t('ho.backup.ok', { time: formatTime(last.at) });
  const reason = labelOr(t, `ho.backup.error.${last.errorCode ?? 'other'}`, t('ho.backup.error.other'));
  return t('ho.backup.failed', { time: formatTime(last.at), reason });
}
