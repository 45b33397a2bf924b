import { DIFFERENCE_KINDS, type DifferenceKind } from '../../../../electron/domain/difference-kinds.ts';
import type { Difference, ReconciliationResult } from '../../../../electron/core/reports/index.ts';

/**
 * The reconciliation's differences as the screen shows them: one group per kind, in the domain's
 * order (money Viva took that the till never saw first), each with its counts.
 */

export interface DifferenceGroup {
  kind: DifferenceKind;
  differences: Difference[];
  open: number;
  resolved: number;
}

/** Non-empty groups in DIFFERENCE_KINDS' order; open differences first within each, then by session id. */
export function groupDifferences(differences: readonly Difference[]): DifferenceGroup[] {
  return DIFFERENCE_KINDS.map((kind) => {
    const members = differences
      .filter((d) => d.kind === kind)
      .sort((a, b) => Number(a.status === 'resolved') - Number(b.status === 'resolved') || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
    const open = members.filter((d) => d.status === 'open').length;
    return { kind, differences: members, open, resolved: members.length - open };
  }).filter((group) => group.differences.length > 0);
}

/** The result with one difference replaced by how it stands now (after a resolution), counts updated. */
export function withDifference(result: ReconciliationResult, difference: Difference): ReconciliationResult {
  const differences = result.differences.some((d) => d.id === difference.id)
    ? result.differences.map((d) => (d.id === difference.id ? difference : d))
    : [...result.differences, difference];
  const open = differences.filter((d) => d.status === 'open').length;
  return { ...result, differences, open, resolved: differences.length - open };
}
