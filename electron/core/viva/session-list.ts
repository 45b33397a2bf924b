import type { z } from 'zod';
import { sessionSchema, type UnreadableVivaRecord, type VivaSessionList } from './schemas.ts';

/**
 * Viva's sessions-by-date answer, read entry by entry (spec §11). One SDK types it as
 * `Session | Session[]`, so a single object is a list of one. An entry that does not parse
 * (nulls where the schema wants values) is kept as unreadable with its raw sessionId, so one
 * bad record never hides the others. Returns null when the body is neither an object nor an
 * array: then there is no list at all.
 */
export function parseSessionList(body: unknown): VivaSessionList | null {
  const entries = Array.isArray(body) ? body : isObject(body) ? [body] : null;
  if (entries === null) return null;
  const list: VivaSessionList = { sessions: [], unreadable: [] };
  for (const entry of entries) {
    const parsed = sessionSchema.safeParse(entry);
    if (parsed.success) list.sessions.push(parsed.data);
    else list.unreadable.push(unreadable(entry, parsed.error));
  }
  return list;
}

/** The problems name fields and what was wrong, never the values (an entry may hold anything). */
export function describeProblems(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`);
}

function unreadable(entry: unknown, error: z.ZodError): UnreadableVivaRecord {
  const id = isObject(entry) ? entry.sessionId : undefined;
  return { sessionId: typeof id === 'string' && id.trim() !== '' ? id : null, problems: describeProblems(error), raw: entry };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
