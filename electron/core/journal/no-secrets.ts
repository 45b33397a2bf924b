import { JournalError } from './errors.ts';

/**
 * A backstop for design.md §2 promise 8: the journal never stores a credential. The engine
 * should never hand one over; if it ever does (a whole HTTP exchange instead of a session body,
 * say), the write is refused rather than kept forever in an append-only file.
 *
 * It looks at the canonical JSON text about to be stored (one regular-expression pass, cheap
 * enough for every event): a key named like a credential with a non-empty value, or a value
 * that is a bearer/basic authorization or a JWT. Key names are matched whole, so Viva's harmless
 * `authorizationId` (the issuer's approval code) passes while `authorization`, `access_token` or
 * `client_secret` do not.
 */
const SECRET_KEY =
  /"(authorization|proxy-authorization|bearer|token|access_?token|refresh_?token|id_?token|client_?secret|secret|password|passwd|api_?key|apikey|credentials?)":(?!null|""|\{\}|\[\])/i;
const SECRET_VALUE = /"(Bearer|Basic)\s+[^"\s]|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

export function assertNoSecrets(canonicalText: string, where: string): void {
  const found = SECRET_KEY.exec(canonicalText) ?? SECRET_VALUE.exec(canonicalText);
  if (found) {
    const what = found[0].startsWith('"') && found[0].endsWith(':') ? `a "${found[1]}" field` : 'a value';
    throw new JournalError('secret-in-payload', `Refused to journal ${where}: it holds ${what} that looks like a credential, and the journal stores none.`);
  }
}
