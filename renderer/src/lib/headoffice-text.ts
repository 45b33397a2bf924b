import type { HeadOfficeView } from '../../../electron/contract/views.ts';
import type { MessageKey } from './i18n/en.ts';
import type { Translate } from './i18n/translate.ts';

/**
 * The head office's push and the last backup as sentences (Settings, End of day). The core gives
 * codes and times; the words are here, in the user's language.
 */
const PUSH_ERRORS = new Set([
  'invalid-url',
  'insecure-url',
  'unreachable',
  'auth-failed',
  'schema-missing',
  'schema-newer',
  'till-claimed',
  'conflict',
  'invalid-identity',
  'unknown-till',
  'journal-exists',
  'restore-failed',
  'server-error',
  'keychain-unavailable',
  'journal-missing',
  'internal',
]);
const BACKUP_ERRORS = new Set(['no-folder', 'folder-unwritable', 'backup-failed', 'not-verified']);

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
  const code = PUSH_ERRORS.has(error.code) ? error.code : 'internal';
  return t('ho.push.failed', { reason: t(`ho.error.${code}` as MessageKey) });
}

export function backupSentence(view: HeadOfficeView, t: Translate, formatTime: (iso: string) => string): string {
  const last = view.lastBackup;
  if (!last) return t('ho.backup.none');
  if (last.ok) return t('ho.backup.ok', { time: formatTime(last.at) });
  const code = last.errorCode && BACKUP_ERRORS.has(last.errorCode) ? last.errorCode : 'other';
  return t('ho.backup.failed', { time: formatTime(last.at), reason: t(`ho.backup.error.${code}` as MessageKey) });
}
