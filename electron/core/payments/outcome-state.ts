import type { FinalState } from '../../domain/session-states.ts';
import type { OutcomeKind } from '../viva/index.ts';

/**
 * Viva's outcome kinds onto the journal's final states. A terminal timeout (1003) and a busy
 * terminal (1100) took no money: they are failures of the attempt, not declines by the bank.
 */
export function finalStateOf(kind: OutcomeKind): FinalState {
  switch (kind) {
    case 'approved':
      return 'approved';
    case 'declined':
      return 'declined';
    case 'cancelled':
      return 'cancelled';
    case 'aborted':
      return 'aborted';
    case 'timeout':
    case 'busy':
    case 'failed':
      return 'failed';
  }
}
