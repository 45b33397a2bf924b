import { describe, expect, it } from 'vitest';
import type { HeadOfficeView } from '../../../electron/contract/views.ts';
import { backupSentence, pushErrorSentence, pushSentence } from '../../../renderer/src/lib/headoffice-text.ts';
import type { MessageKey } from '../../../renderer/src/lib/i18n/en.ts';
import { translate } from '../../../renderer/src/lib/i18n/translate.ts';

const NOW = Date.parse('2026-12-07T10:00:00.000Z');
const en = (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params);
const el = (key: MessageKey, params?: Record<string, string | number>) => translate('el', key, params);

function view(overrides: Partial<HeadOfficeView> = {}, push: Partial<NonNullable<HeadOfficeView['push']>> = {}): HeadOfficeView {
  return {
    push: {
      configured: true,
      shop: 'athens-1',
      tillId: 'till-1',
      pushing: false,
      acked: { events: 10, head: 'a'.repeat(64) },
      lastPushAt: '2026-12-07T09:58:00.000Z',
      lastAttemptAt: '2026-12-07T09:58:00.000Z',
      lag: 0,
      lastError: null,
      nextAttemptAt: null,
      ...push,
    },
    hasPassword: true,
    keychainAvailable: true,
    lastBackup: null,
    backupFailed: false,
    ...overrides,
  };
}

describe('the head office and backups in words', () => {
  it('says how long ago the last push was, in English and Greek', () => {
    expect(pushSentence(view(), en, NOW)).toBe('Head office: last push 2 min ago.');
    expect(pushSentence(view(), el, NOW)).toBe('Κεντρικό γραφείο: τελευταία αποστολή πριν από 2 λεπτά.');
    expect(pushSentence(view({}, { lastPushAt: '2026-12-07T09:59:40.000Z' }), en, NOW)).toBe('Head office: last push just now.');
    expect(pushSentence(view({}, { lastPushAt: '2026-12-07T05:00:00.000Z' }), en, NOW)).toBe('Head office: last push 5 h ago.');
    expect(pushSentence(view({ push: null }), en, NOW)).toBe('Head office: not set up.');
    expect(pushSentence(view({}, { lastPushAt: null }), en, NOW)).toBe('Head office: not pushed yet.');
  });

  it('turns the push error code into a sentence, and unknown codes into a generic one', () => {
    expect(pushErrorSentence(view(), en)).toBeNull();
    expect(pushErrorSentence(view({}, { lastError: { code: 'unreachable', at: '2026-12-07T09:59:00.000Z' } }), en)).toMatch(/could not be reached; the till keeps trying/);
    expect(pushErrorSentence(view({}, { lastError: { code: 'auth-failed', at: '2026-12-07T09:59:00.000Z' } }), el)).toMatch(/απέρριψε τον χρήστη ή τον κωδικό/);
    expect(pushErrorSentence(view({}, { lastError: { code: 'something-new' as never, at: '2026-12-07T09:59:00.000Z' } }), en)).toMatch(/unexpected error/);
    // Every code the catalogue has words for says them, 'not-configured' too.
    expect(pushErrorSentence(view({}, { lastError: { code: 'not-configured', at: '2026-12-07T09:59:00.000Z' } }), en)).toMatch(/no head office is set/);
  });

  it('says when the last backup failed and why', () => {
    const time = (iso: string) => iso.slice(11, 16);
    expect(backupSentence(view(), en, time)).toBe('Last backup: none yet since the app started.');
    expect(backupSentence(view({ lastBackup: { ok: true, trigger: 'daily', at: '2026-12-06T23:00:05.000Z', file: '/b/x.sqlite', errorCode: null } }), en, time)).toBe(
      'Last backup: 23:00, verified.',
    );
    expect(
      backupSentence(view({ backupFailed: true, lastBackup: { ok: false, trigger: 'close-day', at: '2026-12-06T23:00:05.000Z', file: null, errorCode: 'folder-unwritable' } }), en, time),
    ).toBe('Last backup FAILED at 23:00: the backup folder cannot be written (is the USB stick or the share there?).');
  });
});
