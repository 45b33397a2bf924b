import { z } from 'zod';
import { restated } from '../../domain/coded-error.ts';
import type { MessageId } from '../../domain/messages.ts';
import { FINAL_STATES } from '../../domain/session-states.ts';
import { describeFreeTextProblem, freeTextProblem, TEXT_LIMITS } from '../../domain/free-text.ts';
import { isSafeSessionId, TERMINAL_ID } from '../../domain/identifiers.ts';
import { withinAmountLimit } from '../../domain/money-limits.ts';
import { assertAmountMinor, currency, MoneyError, type AmountName, type Currency } from '../money.ts';
import { PaymentError } from './errors.ts';

/**
 * What the cashier (through IPC or the CLI) may ask of the engine, checked before anything is
 * journaled or sent. Amounts are integer minor units; a bad one is refused, never rounded.
 */
const id = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
/** Free text by the domain's rules (no control or bidi characters), checked before trimming: the IPC schemas check the same. */
const freeText = (max: number) =>
  z.string().superRefine((value, ctx) => {
    const problem = freeTextProblem(value, { max });
    if (problem) ctx.addIssue({ code: 'custom', message: describeFreeTextProblem(problem, 'text', { max }).replace(/^The text /, '') });
  });
const text = (max: number) => freeText(max).trim().min(1, 'must not be empty').max(max);
const optionalText = (max: number) => freeText(max).trim().max(max).optional();
const terminal = z.string().trim().regex(TERMINAL_ID, 'must be a Viva terminal id: digits only, at most 16');

const saleSchema = z.strictObject({
  amount: z.unknown(),
  tipAmount: z.unknown().optional(),
  currency: z.union([z.string(), z.number()]).optional(),
  terminalId: terminal,
  merchantReference: optionalText(TEXT_LIMITS.merchantReference),
  customerTrns: optionalText(TEXT_LIMITS.customerTrns),
  preauth: z.boolean().optional(),
  maxInstalments: z.int().min(0).max(99).optional(),
});

const refundSchema = z.strictObject({
  parentSessionId: id(200),
  amount: z.unknown(),
  /** Default: the terminal of the original payment (the card is presented there again). */
  terminalId: terminal.optional(),
  merchantReference: optionalText(TEXT_LIMITS.merchantReference),
  customerTrns: optionalText(TEXT_LIMITS.customerTrns),
});

const unreferencedRefundSchema = z.strictObject({
  amount: z.unknown(),
  currency: z.union([z.string(), z.number()]).optional(),
  terminalId: terminal,
  merchantReference: optionalText(TEXT_LIMITS.merchantReference),
  customerTrns: optionalText(TEXT_LIMITS.customerTrns),
});

const resolveSchema = z.strictObject({
  outcome: z.enum(FINAL_STATES),
  reason: text(TEXT_LIMITS.reason),
  operator: text(TEXT_LIMITS.operator),
});

export type SaleInput = z.input<typeof saleSchema>;
export type RefundInput = z.input<typeof refundSchema>;
export type UnreferencedRefundInput = z.input<typeof unreferencedRefundSchema>;
export type PreauthCompletionInput = RefundInput;
export type ResolveInput = z.input<typeof resolveSchema>;

function parse<S extends z.ZodType>(schema: S, input: unknown, refusal: Extract<MessageId, `payment.invalid-${string}`>): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`);
  // zod's own words are English only: the detail of the log and the CLI.
  throw new PaymentError('invalid-input', { id: refusal, detail: `${problems.join('; ')}.` });
}

function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MoneyError) throw new PaymentError('invalid-input', restated(error), { cause: error });
    throw error;
  }
}

function amountOf(value: unknown, what: AmountName = 'amount'): number {
  return checked(() => {
    assertAmountMinor(value, what);
    return value;
  });
}

function tipOf(value: unknown): number {
  if (value === undefined || value === 0) return 0;
  return amountOf(value, 'tip');
}

function currencyOf(value: string | number | undefined, fallback: string): Currency {
  return checked(() => currency(value ?? fallback));
}

export function parseSale(input: unknown, defaultCurrency: string) {
  const sale = parse(saleSchema, input, 'payment.invalid-sale');
  const tipAmount = tipOf(sale.tipAmount);
  if (sale.preauth && tipAmount > 0) throw new PaymentError('invalid-input', { id: 'payment.tip-on-preauth' });
  const amount = amountOf(sale.amount);
  // The customer is charged amount + tip: the limit is on what leaves the card.
  if (!withinAmountLimit(amount, tipAmount)) {
    throw new PaymentError('invalid-input', { id: 'payment.over-limit' });
  }
  return { ...sale, amount, tipAmount, currency: currencyOf(sale.currency, defaultCurrency) };
}

export function parseRefund(input: unknown) {
  const refund = parse(refundSchema, input, 'payment.invalid-refund');
  return { ...refund, amount: amountOf(refund.amount) };
}

export function parseUnreferencedRefund(input: unknown, defaultCurrency: string) {
  const refund = parse(unreferencedRefundSchema, input, 'payment.invalid-refund');
  return { ...refund, amount: amountOf(refund.amount), currency: currencyOf(refund.currency, defaultCurrency) };
}

export function parseResolve(input: unknown) {
  return parse(resolveSchema, input, 'payment.invalid-resolution');
}

export function parseSessionId(value: unknown): string {
  const sessionId = parse(id(200), value, 'payment.invalid-session-id');
  if (!isSafeSessionId(sessionId)) {
    throw new PaymentError('invalid-input', { id: 'payment.bad-session-id' });
  }
  return sessionId;
}
