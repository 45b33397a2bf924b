import type { Journal } from '../journal/index.ts';
import type { AttentionItem } from '../../domain/attention.ts';
import { attentionList } from './attention-list.ts';

/**
 * The attention list of a journal, read now (offline: nothing here needs the network), with the
 * last backup's failure where backups run (the app).
 */
export function readAttention(journal: Journal, backupFailure?: () => { at: string; trigger: string; code: string } | null): AttentionItem[] {
  return attentionList({
    unknownSessions: () => journal.openSessions().filter((record) => record.state === 'unknown'),
    sessionsWithAlert: () => journal.sessionsWithAlert(),
    openLocalOnly: () => journal.openDifferences('local-only'),
    getSession: (sessionId) => journal.getSession(sessionId),
    eventsOf: (sessionId) => journal.eventsOf(sessionId),
    refundedAmount: (parentSessionId, options) => journal.refundedAmount(parentSessionId, options),
    ...(backupFailure ? { backupFailure } : {}),
  });
}
