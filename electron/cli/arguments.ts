import type { OptionValues } from './command.ts';
import { UsageError } from './usage-error.ts';

/** The text of a string option that must be given, trimmed; `hint` says what it is. */
export function requiredOption(values: OptionValues, name: string, hint: string): string {
  const value = optionalOption(values, name);
  if (value === undefined) throw new UsageError(`--${name} is required: ${hint}.`);
  return value;
}

/** The trimmed text of a string option, undefined when absent; an empty text is refused. */
export function optionalOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (text === '') throw new UsageError(`--${name} must not be empty.`);
  return text;
}

/** A whole number option within [min, max]. */
export function wholeNumberOption(values: OptionValues, name: string, range: { min: number; max: number }): number | undefined {
  const text = optionalOption(values, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < range.min || n > range.max) {
    throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max}, got "${text}".`);
  }
  return n;
}
