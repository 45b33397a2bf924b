/**
 * Free text a person types (a reference, a note for the customer, an operator's name, a reason):
 * what may be stored, sent to Viva and printed back. Every door (core, IPC schemas, CLI) asks
 * the same question here, so they agree. Control characters would be journaled, sent to the
 * terminal and echoed raw into a console (ANSI escapes); bidi overrides make a text read
 * differently from what it holds; a lone surrogate is not text at all.
 */
export type FreeTextProblem = 'not-text' | 'too-long' | 'control-character' | 'bidi-control' | 'lone-surrogate';

export interface FreeTextRules {
  /** Longest accepted text, in UTF-16 code units (what JavaScript and zod count). */
  max: number;
}

// C0 controls (tab and newline included: every field is one line), DEL and the C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` may not be accepted as one line of free text, or null when it may. */
export function freeTextProblem(text: unknown, rules: FreeTextRules): FreeTextProblem | null {
  if (typeof text !== 'string') return 'not-text';
  if (text.length > rules.max) return 'too-long';
  if (CONTROL.test(text)) return 'control-character';
  if (BIDI.test(text)) return 'bidi-control';
  if (LONE_SURROGATE.test(text)) return 'lone-surrogate';
  return null;
}

/** The problem in plain words, naming the field ("the reference"). */
export function describeFreeTextProblem(problem: FreeTextProblem, what: string, rules: FreeTextRules): string {
  switch (problem) {
    case 'not-text':
      return `The ${what} must be text.`;
    case 'too-long':
      return `The ${what} is longer than ${rules.max} characters.`;
    case 'control-character':
      return `The ${what} contains a control character (a tab, a line break or a terminal escape); type it on one line without them.`;
    case 'bidi-control':
      return `The ${what} contains a hidden text-direction character, which could make it read differently from what it holds.`;
    case 'lone-surrogate':
      return `The ${what} contains a broken character (half of an emoji or symbol).`;
  }
}

/** Limits of the free-text fields, shared by every door. */
export const TEXT_LIMITS = {
  merchantReference: 200,
  customerTrns: 500,
  operator: 200,
  reason: 1000,
  cashRegisterId: 64,
} as const;
