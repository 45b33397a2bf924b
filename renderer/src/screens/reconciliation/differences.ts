import type { DifferenceKind } from '../../../../electron/core/journal/index.ts';
import type { Difference, ReconciliationResult } from '../../../../electron/core/reports/index.ts';

/**
 * The reconciliation's differences as the screen shows them: one group per kind, in the
 * order a person should look at them (money Viva took that the till never saw first), each with
 * its counts. The kinds are spelled out here because the renderer may import only types.
 */
export const KIND_ORDER = [
  'viva-only',
  'viva-unreadable',
  'local-only',
  'state-mismatch',
  'amount-mismatch',
  'currency-mismatch',
  'tip-mismatch',
] as const satisfies readonly DifferenceKind[];

type Missing = Exclude<DifferenceKind, (typeof KIND_ORDER)[number]>;
const _allKinds: [Missing] extends [never] ? true : never = true;
void _allKinds;

export interface DifferenceGroup {
  kind: DifferenceKind;
  differences: Difference[];
  open: number;
  resolved: number;
}

/** Non-empty groups in KIND_ORDER; open differences first within each, then by session id. */
export function groupDifferences(differences: readonly Difference[]): DifferenceGroup[] {
  return KIND_ORDER.map((kind) => {
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
