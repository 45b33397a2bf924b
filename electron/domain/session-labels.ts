import type { SessionKind, SessionState } from './session-states.ts';

/**
 * What a session's state and kind are called, in every language the till speaks: one list for
 * the screens (renderer/src/lib/i18n) and the printed report (report-labels.ts), so a badge and
 * the Z report never name the same state two ways. The terms follow the glossary.
 */
type SessionLabels = { readonly [S in SessionState as `state.${S}`]: string } & { readonly [K in SessionKind as `kind.${K}`]: string };

export const SESSION_LABELS_EN = {
  'state.created': 'Created',
  'state.dispatching': 'Sending',
  'state.pending': 'Waiting for the customer',
  'state.aborting': 'Aborting',
  'state.approved': 'Approved',
  'state.declined': 'Declined',
  'state.cancelled': 'Cancelled',
  'state.failed': 'Failed',
  'state.aborted': 'Aborted',
  'state.unknown': 'Unknown',
  'kind.sale': 'Sale',
  'kind.refund': 'Refund',
  'kind.unreferenced-refund': 'Refund without receipt',
  'kind.preauth': 'Pre-authorisation',
  'kind.preauth-completion': 'Pre-auth completion',
} as const satisfies SessionLabels;

export const SESSION_LABELS_EL: SessionLabels = {
  'state.created': 'Δημιουργήθηκε',
  'state.dispatching': 'Αποστολή',
  'state.pending': 'Αναμονή πελάτη',
  'state.aborting': 'Διακοπή σε εξέλιξη',
  'state.approved': 'Εγκρίθηκε',
  'state.declined': 'Απορρίφθηκε',
  'state.cancelled': 'Ακυρώθηκε',
  'state.failed': 'Απέτυχε',
  'state.aborted': 'Διακόπηκε',
  'state.unknown': 'Άγνωστη έκβαση',
  'kind.sale': 'Πώληση',
  'kind.refund': 'Επιστροφή',
  'kind.unreferenced-refund': 'Επιστροφή χωρίς απόδειξη',
  'kind.preauth': 'Προέγκριση',
  'kind.preauth-completion': 'Ολοκλήρωση προέγκρισης',
};
