import type { MessageKey } from './en.ts';

/**
 * One name per concept, per language: what the till calls each thing it asks a person to do or
 * decide, so the button and the result it leads to say the same word. A test
 * (tests/renderer/glossary.test.ts) checks that every key listed under a term uses that term, and
 * that no message in the language uses a word the glossary rules out (patterns on the text
 * without accents, lower case; in the renderer's
 * catalogue, the core's message catalogue and the printable report).
 *
 * Greek terms are stems, matched without accents and case, so "διακοπή", "διακόπηκε" and
 * "διακόψτε" are all the one word for abort.
 */
export interface GlossaryTerm {
  /** What the concept is, for the person adding a message. */
  concept: string;
  en: { term: string; keys: readonly MessageKey[] };
  el: {
    term: string;
    stem: string;
    keys: readonly MessageKey[];
    /** Ruled out in every Greek message (a second name for the same thing, or a misleading one). */
    avoid?: readonly { word: RegExp; why: string }[];
    /** Ruled out in this term's own keys only (another concept's word). */
    notInKeys?: readonly string[];
  };
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    concept: 'The till stops a payment that is on the terminal (DELETE at Viva). Not the customer cancelling.',
    en: { term: 'abort', keys: ['checkout.abort', 'result.aborted', 'state.aborted', 'state.aborting', 'progress.aborting', 'result.paidAfterAbort'] },
    el: {
      term: 'διακοπή',
      stem: 'διακο',
      keys: ['checkout.abort', 'result.aborted', 'state.aborted', 'state.aborting', 'progress.aborting', 'result.paidAfterAbort', 'eod.outcome.aborted'],
      // "Ακύρωση" is the customer cancelling: the abort button and its result must not use it.
      notInKeys: ['ακυρ'],
    },
  },
  {
    concept: 'The customer cancels on the terminal (eventId 1000).',
    en: { term: 'cancel', keys: ['result.cancelled', 'state.cancelled', 'vt.cancel'] },
    el: { term: 'ακύρωση', stem: 'ακυρ', keys: ['result.cancelled', 'state.cancelled', 'vt.cancel', 'eod.outcome.cancelled'], notInKeys: ['διακο'] },
  },
  {
    concept: 'A person records the outcome of a payment the till could not learn (unknown), or settles a difference.',
    en: { term: 'resolve', keys: ['result.resolve', 'resolve.title', 'error.next.resolveUnknown'] },
    el: {
      term: 'διευθέτηση',
      stem: 'διευθετ',
      keys: ['result.resolve', 'resolve.title', 'error.next.resolveUnknown', 'diagnosis.resolveFailed', 'journal.event.resolved-by-operator'],
      avoid: [{ word: /επιλυ/, why: 'a second word for "resolve": use διευθέτηση' }],
    },
  },
  {
    concept: 'The append-only record of every payment session on this till.',
    en: { term: 'journal', keys: ['nav.journal', 'banner.payments.journal-unwritable', 'journal.verify.title'] },
    el: {
      term: 'βιβλίο συναλλαγών',
      stem: 'βιβλι',
      keys: ['nav.journal', 'banner.payments.journal-unwritable', 'banner.payments.locked-out', 'journal.verify.title', 'journal.detail.missing', 'error.next.otherTill'],
      // Where the English says "calendar" (a date picker), "ημερολόγιο" is the right word.
      avoid: [{ word: /ημερολογ/, why: '"Ημερολόγιο" reads as "calendar"' }],
    },
  },
  {
    concept: 'A payment whose outcome the till does not know: the customer may have been charged.',
    en: { term: 'unknown', keys: ['result.unknown', 'state.unknown', 'eod.outcome.unknown'] },
    el: { term: 'άγνωστη έκβαση', stem: 'αγνωστ', keys: ['result.unknown', 'state.unknown', 'eod.close.unknownTitle'] },
  },
  {
    concept: "Comparing the journal with Viva's records for a business day.",
    en: { term: 'reconcil', keys: ['nav.reconciliation', 'eod.recon.go', 'eod.recon.not-run'] },
    el: { term: 'συμφωνία', stem: 'συμφων', keys: ['nav.reconciliation', 'eod.recon.go', 'eod.recon.not-run'] },
  },
  {
    concept: "The end-of-day closing that freezes the day's totals under a number.",
    en: { term: 'Z report', keys: ['eod.close.done', 'eod.status.closed'] },
    el: { term: 'αναφορά Z', stem: 'αναφορα z', keys: ['eod.close.done', 'eod.status.closed'] },
  },
  {
    concept: 'Seconds, written out enough to be read ("0 δ" is not a unit anyone reads).',
    en: { term: ' s', keys: ['timeline.elapsed', 'timeline.countdown'] },
    el: {
      term: 'δευτ.',
      stem: 'δευτ',
      keys: ['timeline.elapsed', 'timeline.countdown'],
      avoid: [{ word: /\} δ(?!\p{L})/u, why: '"0 δ" is not a unit anyone reads: δευτ.' }],
    },
  },
];

/** Accents and case do not make another word: "Διακόπηκε" and "διακοπή" share "διακο". */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
