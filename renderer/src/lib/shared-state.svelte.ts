import { app } from './app-state.svelte.ts';

/**
 * What the journal, reconciliation and end-of-day screens share while the app runs:
 * - `operator.name`: who is deciding (resolutions, overrides are journaled with a name); typed
 *   once, offered again on the next decision.
 * - `journalFocus.sessionId`: a session another screen asks the journal to open (through
 *   openInJournal); the journal clears it once shown.
 */
export const operator = $state({ name: '' });

export const journalFocus = $state<{ sessionId: string | null }>({ sessionId: null });

/** Shows one session in the journal, from any screen that lists sessions. */
export function openInJournal(sessionId: string): void {
  journalFocus.sessionId = sessionId;
  app.go('journal');
}
