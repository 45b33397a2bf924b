import type { SessionRecord } from '../domain/session-record.ts';
import type { AppStatus } from './views.ts';
import type { AttentionItem } from '../domain/attention.ts';

/**
 * What main pushes to the renderer: the engine's events (the same road back, design.md §1) and
 * the till's status. Delivered through `window.ecr.on(name, callback)`.
 */
export interface EventPayloads {
  /** A session's journaled state changed (every transition, in order). */
  session: SessionRecord;
  /** Something a person must look at: 'paid-after-abort', 'late-success'... */
  alert: { sessionId: string; alert: string; message: string; session: SessionRecord };
  /** Whether Viva answered the last call. */
  connectivity: { online: boolean; since: string };
  /** The till's status changed (environment switched, core ready, credentials missing...). */
  status: AppStatus;
  /** A long export's progress (rows written of the total). */
  exportProgress: { file: string; rows: number; total: number };
  /** The attention list changed (the whole list, as `attentionList` answers). */
  attention: AttentionItem[];
}

export type EventName = keyof EventPayloads;

export const EVENT_NAMES = ['session', 'alert', 'connectivity', 'status', 'exportProgress', 'attention'] as const satisfies readonly EventName[];

// Every event name is listed above: this fails to compile when EventPayloads gains one that is not.
type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const _allListed: [Missing] extends [never] ? true : never = true;
void _allListed;

export function eventChannel(name: EventName): string {
  return `ecr:event:${name}`;
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
