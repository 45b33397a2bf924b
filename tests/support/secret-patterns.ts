/**
 * A pattern scanner, for tests only (design.md §2 promise 8 is kept by value, not by look): it
 * finds text that looks like a credential, so a test can say "no output holds anything like a
 * bearer header, a JWT or a client secret" on top of checking the exact values it knows.
 * Production code never uses it: a cashier may type "Basic membership" and Viva may send a
 * fiscal "eyJ…" token, and the till stores both.
 */
const PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'authorization header', pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/ },
  { name: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/ },
  {
    name: 'credential field',
    pattern: /"(authorization|access_?token|refresh_?token|client_?secret|password|api_?key)"\s*:\s*"[^"]+"/i,
  },
];

/** Each credential-looking match in `text`, named; empty when none. `allowed` values are skipped (known foreign data). */
export function findCredentialLookalikes(text: string, allowed: readonly string[] = []): string[] {
  let rest = text;
  for (const value of allowed) rest = rest.replaceAll(value, '');
  const found: string[] = [];
  for (const { name, pattern } of PATTERNS) {
    const match = pattern.exec(rest);
    if (match) found.push(`${name}: ${match[0].slice(0, 24)}…`);
  }
  return found;
}

/** The exact values of `secrets` that occur in `text` (a message never repeats the secret itself). */
export function leakedValues(text: string | Buffer, secrets: Iterable<string>): number {
  const haystack = typeof text === 'string' ? text : text.toString('latin1');
  let count = 0;
  for (const secret of secrets) if (secret.length > 0 && haystack.includes(secret)) count += 1;
  return count;
}
