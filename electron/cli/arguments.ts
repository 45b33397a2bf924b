import { freeTextProblem, TEXT_LIMITS } from '../domain/free-text.ts';
import { isSafeSessionId } from '../domain/identifiers.ts';
import type { MessageId } from '../domain/messages.ts';
import type { OptionValues } from './command.ts';
import { UsageError } from './usage-error.ts';

/** Longest text per option; any other string option is one short line too. */
const OPTION_MAX: Record<string, number> = {
  reference: TEXT_LIMITS.merchantReference,
  operator: TEXT_LIMITS.operator,
  reason: TEXT_LIMITS.reason,
  'cash-register': TEXT_LIMITS.cashRegisterId,
};
const DEFAULT_OPTION_MAX = 1000;

/**
 * Every option is one line of text a person typed: control characters (terminal escapes
 * included), bidi overrides and over-long text are refused here, before any file is opened,
 * by the same rules the core and the IPC schemas apply (electron/domain/free-text.ts).
 */
export function checkedOptionText(name: string, value: string): string {
  const max = OPTION_MAX[name] ?? DEFAULT_OPTION_MAX;
  const problem = freeTextProblem(value, { max });
  if (problem) throw new UsageError({ id: `cli.option.${problem}`, params: { flag: `--${name}`, max } });
  return value;
}

/** The positional <sessionId>, refused unless it is one safe path segment (not "..", "/", "%2F"). */
export function sessionIdArgument(positionals: readonly string[], index = 0): string {
  const value = positionals[index] ?? '';
  if (!isSafeSessionId(value.trim())) {
    throw new UsageError({ id: 'cli.not-a-session-id', params: { value: JSON.stringify(value) } });
  }
  return value.trim();
}

/** The text of a string option that must be given, trimmed; `hint` says what it is. */
export function requiredOption(values: OptionValues, name: string, hint: Extract<MessageId, `cli.hint.${string}`>, hintParams: Record<string, string> = {}): string {
  const value = optionalOption(values, name);
  if (value === undefined) throw new UsageError({ id: 'cli.option-required', params: { ...hintParams, flag: `--${name}`, hintPhrase: hint } });
  return value;
}

/** The trimmed text of a string option, undefined when absent; an empty text is refused. */
export function optionalOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const text = checkedOptionText(name, String(value)).trim();
  if (text === '') throw new UsageError({ id: 'cli.option-empty', params: { flag: `--${name}` } });
  return text;
}

/** A whole number option within [min, max]. */
export function wholeNumberOption(values: OptionValues, name: string, range: { min: number; max: number }): number | undefined {
  const text = optionalOption(values, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < range.min || n > range.max) {
    throw new UsageError({ id: 'cli.option-not-whole', params: { flag: `--${name}`, min: range.min, max: range.max, got: text } });
  }
  return n;
}
