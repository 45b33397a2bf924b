/**
 * The shapes of the ids the till sends to Viva. A terminal id (TID) is Viva's number for a
 * device, digits only ("16000010", spec §2.1). A session id goes into a URL path
 * (GET/DELETE /ecr/v1/sessions/{id}), so it must be one safe path segment: letters, digits and
 * a few separators, starting and ending with a letter or digit, so "..", "/" or "%2F" can never
 * turn a lookup into another request. The till's own ids are UUIDs; other tills' (seen in
 * reconciliation) may carry order numbers, dots, colons or spaces.
 */
export const TERMINAL_ID = /^\d{1,16}$/;
export const SESSION_ID = /^[A-Za-z0-9](?:[A-Za-z0-9_.:~ -]{0,126}[A-Za-z0-9])?$/;

export function isTerminalId(value: unknown): value is string {
  return typeof value === 'string' && TERMINAL_ID.test(value);
}

export function isSafeSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}
