import type { NeverEndingDiagnosis } from '../core/payments/index.ts';

function minutes(ms: number): string {
  const m = ms / 60_000;
  return m >= 1 ? `${Math.floor(m)} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.round(ms / 1000)} s`;
}

const DAY_LIST_WORDS = {
  absent: 'do not contain it',
  listed: 'contain it (still without a final outcome)',
  unreadable: 'have an entry this till cannot read that may be it',
} as const;

/** The diagnosis of a session Viva still calls "being processed", as lines under `ecr status`. */
export function describeDiagnosis(diagnosis: NeverEndingDiagnosis): string {
  const lines = [
    `  viva said "being processed" (202) at every check from ${diagnosis.pendingSince} to ${diagnosis.pendingUntil} (${minutes(diagnosis.pendingForMs)})`,
  ];
  if (diagnosis.acceptedAt) lines.push(`  accepted  by Viva at ${diagnosis.acceptedAt}`);
  if (diagnosis.abort) {
    const answer = diagnosis.abort.accepted === null ? 'no answer' : diagnosis.abort.accepted ? 'accepted' : 'refused';
    lines.push(`  abort     sent at ${diagnosis.abort.requestedAt} (${answer})`);
  }
  lines.push(
    diagnosis.dayLists
      ? `  day lists ${diagnosis.dayLists.dates.join(', ')} ${DAY_LIST_WORDS[diagnosis.dayLists.result]}`
      : '  day lists could not be read at the latest check',
  );
  lines.push(`  last seen ${diagnosis.lastObserved} at ${diagnosis.lastObservedAt}`);
  if (diagnosis.recommendation === 'resolve-as-failed') {
    lines.push(
      `  RECOMMENDED: not charged. Viva accepted the request but no terminal ever took it (202 for over ${minutes(diagnosis.thresholdMs)}, on no day list).`,
      `              Resolve it as failed: ecr resolve ${diagnosis.sessionId} --outcome failed --reason "never delivered to the terminal"`,
    );
  } else {
    lines.push(`  not yet   a recommendation needs ${minutes(diagnosis.thresholdMs)} of 202 after the abort and no day-list entry`);
  }
  return lines.join('\n');
}
