import { describe, expect, it } from 'vitest';
import { toIpcError } from '../../electron/main/ipc.ts';
import { VivaError } from '../../electron/core/viva/errors.ts';
import { PaymentError } from '../../electron/core/payments/errors.ts';
import { JournalError } from '../../electron/core/journal/errors.ts';
import { checkSettingsPatch } from '../../electron/core/settings/settings.ts';
import { paymentsBlocked } from '../../electron/main/core-host.ts';
import { describeError, fieldProblemText, statusText } from '../../renderer/src/lib/errors.ts';
import { translate, type Language } from '../../renderer/src/lib/i18n/translate.ts';

/** An error of the core as the renderer receives it (through main's IPC mapping), in one language. */
function shown(error: unknown, language: Language): string {
  return describeError(toIpcError(error), (key, params) => translate(language, key, params), language);
}

describe('IPC errors on screen', () => {
  it('says "Viva cannot be reached" once, then what to do, in one sentence each', () => {
    const offline = new VivaError('network', { id: 'viva.network' });
    expect(shown(offline, 'en')).toBe('The till could not reach Viva. Check the network connection and try again.');
    expect(shown(offline, 'el')).toBe('Το ταμείο δεν μπόρεσε να συνδεθεί με τη Viva. Ελέγξτε τη σύνδεση δικτύου και δοκιμάστε ξανά.');
  });

  it('renders the core’s message by id in Greek, with its values, never its English', () => {
    const busy = new PaymentError('terminal-busy', { id: 'payment.terminal-busy', params: { terminal: '16000001', session: 'ab12cd34', state: 'pending' } });
    const greek = shown(busy, 'el');
    expect(greek).toContain('Το τερματικό 16000001 είναι ακόμη απασχολημένο με άλλη πληρωμή (ab12cd34, pending).');
    expect(greek).not.toMatch(/[A-Za-z]{4,} [a-z]{3,}/);
  });

  it('a site that named no message shows its code’s general sentence under Greek, the core’s English under English', () => {
    const raw = new JournalError('illegal-transition', 'Event poll-result is not allowed in state created.');
    expect(shown(raw, 'en')).toBe('Event poll-result is not allowed in state created.');
    expect(shown(raw, 'el')).toBe('Αυτό το βήμα δεν επιτρέπεται στην τρέχουσα κατάσταση της πληρωμής.');
  });

  it('a settings field problem in words, in the chosen language, without the field’s code name', () => {
    let error: unknown;
    try {
      checkSettingsPatch({ businessDayTimeZone: 'Mars/Base' });
    } catch (caught) {
      error = caught;
    }
    const ipc = toIpcError(error);
    expect(ipc.fields).toHaveLength(1);
    expect(fieldProblemText(ipc.fields![0]!, 'en')).toBe('"Mars/Base" is not a time zone this computer knows. Use a name such as Europe/Athens.');
    expect(fieldProblemText(ipc.fields![0]!, 'el')).toBe('Η «Mars/Base» δεν είναι ζώνη ώρας που γνωρίζει αυτός ο υπολογιστής. Χρησιμοποιήστε όνομα όπως Europe/Athens.');
    expect(shown(error, 'en')).toBe('Some settings are not valid. Correct the highlighted values and try again.');
  });

  it('the banners\' detail (another till holds the journal, the journal cannot be written) in the chosen language', () => {
    const locked = paymentsBlocked({ state: 'locked-out', holder: { pid: 4242, host: 'till-2' } } as never)!;
    expect(statusText(locked, 'en')).toMatch(/^Another Cloud ECR process \(pid 4242 on till-2\) holds this journal/);
    expect(statusText(locked, 'el')).toMatch(/^Άλλη διεργασία Cloud ECR \(pid 4242 στο till-2\) κρατά αυτό το βιβλίο συναλλαγών/);
    const full = paymentsBlocked({ state: 'journal-unwritable', code: 'disk-full', message: 'Cloud ECR could not record a session event: the disk is full.', heldWrites: 1 } as never)!;
    expect(statusText(full, 'en')).toBe('The disk that holds the journal is full.');
    expect(statusText(full, 'el')).toBe('Ο δίσκος του βιβλίου συναλλαγών είναι γεμάτος.');
    // A fault the journal named by id: its own sentence (what it could not do, and why), in Greek under Greek.
    const named = paymentsBlocked({
      state: 'journal-unwritable',
      code: 'disk-full',
      message: 'Cloud ECR could not record a session event: … (SQLITE_FULL: database or disk is full)',
      messageId: 'journal.write-fault.disk-full',
      params: { operationPhrase: 'journal.op.record-event', file: '/data/journal-simulator.sqlite' },
      heldWrites: 1,
    })!;
    expect(statusText(named, 'el')).toBe(
      'Το Cloud ECR δεν μπόρεσε να καταγράψει ένα συμβάν πληρωμής: ο δίσκος του βιβλίου συναλλαγών είναι γεμάτος ή το βιβλίο έφτασε το όριο μεγέθους του (/data/journal-simulator.sqlite). Δεν γράφτηκε τίποτα. Ελευθερώστε χώρο στον δίσκο και δοκιμάστε ξανά.',
    );
    expect(statusText(named, 'en')).toMatch(/^Cloud ECR could not record a session event: the disk that holds the journal is full/);
    // A status the core gave only in English is not shown under Greek.
    expect(statusText({ message: 'Something in English.' }, 'el')).toBeNull();
    expect(statusText({ message: 'Something in English.' }, 'en')).toBe('Something in English.');
  });
});
