/**
 * Secrets by value (design.md §2 promise 8): the exact client secret and every access token the
 * till obtained, so whatever stores or logs text can cut them out wherever they appear. Nothing
 * is judged by how it looks: a cashier's "Basic membership" or a fiscal "eyJ…" token in a Viva
 * body is ordinary text, while our own token is cut out even inside a field Viva echoes back.
 *
 * One object is shared by everything that writes text (the journal, the loggers, the exports);
 * whoever learns a secret adds it before it can travel anywhere.
 */
export interface SecretValues {
  /** Remember a secret value; a value shorter than MIN_SECRET_LENGTH is ignored (it would cut ordinary words). */
  add(value: string | null | undefined, kind?: SecretKind): void;
  /** The text with every exact occurrence of a known value (raw or as escaped inside a JSON string) replaced. */
  redact(text: string): string;
  /** How many values are known, for tests and diagnostics. */
  readonly size: number;
}

/** A configured secret is kept for ever; tokens rotate (about one an hour), so only the newest are kept. */
export type SecretKind = 'secret' | 'token';

export const REDACTED = '[redacted]';
export const MIN_SECRET_LENGTH = 8;
/** A day and more of hourly tokens; an older token is long dead and bounded work per write matters more. */
export const MAX_TOKENS = 64;

export function createSecretValues(): SecretValues {
  const secrets = new Set<string>();
  const tokens: string[] = [];
  // Longest first, so a value that contains another is cut whole.
  let needles: string[] = [];

  const rebuild = () => {
    const forms = new Set<string>();
    for (const value of [...secrets, ...tokens]) {
      forms.add(value);
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value) forms.add(escaped);
    }
    needles = [...forms].sort((a, b) => b.length - a.length);
  };

  return {
    add(value, kind = 'secret') {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
      if (secrets.has(value) || tokens.includes(value)) return;
      if (kind === 'secret') secrets.add(value);
      else {
        tokens.push(value);
        if (tokens.length > MAX_TOKENS) tokens.shift();
      }
      rebuild();
    },
    redact(text) {
      let out = text;
      for (const needle of needles) if (out.includes(needle)) out = out.replaceAll(needle, REDACTED);
      return out;
    },
    get size() {
      return secrets.size + tokens.length;
    },
  };
}
