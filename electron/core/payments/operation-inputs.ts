import { z } from 'zod';
import { FINAL_STATES } from '../journal/index.ts';
import { assertAmountMinor, currency, MoneyError, type Currency } from '../money.ts';
import { PaymentError } from './errors.ts';

/**
 * What the cashier (through IPC or the CLI) may ask of the engine, checked before anything is
 * journaled or sent. Amounts are integer minor units; a bad one is refused, never rounded.
 */
const id = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();

const saleSchema = z.strictObject({
  amount: z.unknown(),
  tipAmount: z.unknown().optional(),
  currency: z.union([z.string(), z.number()]).optional(),
  terminalId: id(64),
  merchantReference: optionalText(200),
  customerTrns: optionalText(500),
  preauth: z.boolean().optional(),
  maxInstalments: z.int().min(0).max(99).optional(),
});

const refundSchema = z.strictObject({
  parentSessionId: id(200),
  amount: z.unknown(),
  /** Default: the terminal of the original payment (the card is presented there again). */
  terminalId: id(64).optional(),
  merchantReference: optionalText(200),
  customerTrns: optionalText(500),
});

const unreferencedRefundSchema = z.strictObject({
  amount: z.unknown(),
  currency: z.union([z.string(), z.number()]).optional(),
  terminalId: id(64),
  merchantReference: optionalText(200),
  customerTrns: optionalText(500),
});

const resolveSchema = z.strictObject({
  outcome: z.enum(FINAL_STATES),
  reason: id(1000),
  operator: id(200),
});

export type SaleInput = z.input<typeof saleSchema>;
export type RefundInput = z.input<typeof refundSchema>;
export type UnreferencedRefundInput = z.input<typeof unreferencedRefundSchema>;
export type PreauthCompletionInput = RefundInput;
export type ResolveInput = z.input<typeof resolveSchema>;

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`);
  throw new PaymentError('invalid-input', `Invalid ${what}: ${problems.join('; ')}.`);
}

function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MoneyError) throw new PaymentError('invalid-input', error.message);
    throw error;
  }
}

function amountOf(value: unknown, what = 'amount'): number {
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
  const sale = parse(saleSchema, input, 'sale');
  const tipAmount = tipOf(sale.tipAmount);
  if (sale.preauth && tipAmount > 0) throw new PaymentError('invalid-input', 'A tip cannot be added to a pre-authorisation.');
  return { ...sale, amount: amountOf(sale.amount), tipAmount, currency: currencyOf(sale.currency, defaultCurrency) };
}

export function parseRefund(input: unknown) {
  const refund = parse(refundSchema, input, 'refund');
  return { ...refund, amount: amountOf(refund.amount) };
}

export function parseUnreferencedRefund(input: unknown, defaultCurrency: string) {
  const refund = parse(unreferencedRefundSchema, input, 'refund');
  return { ...refund, amount: amountOf(refund.amount), currency: currencyOf(refund.currency, defaultCurrency) };
}

export function parseResolve(input: unknown) {
  return parse(resolveSchema, input, 'resolution');
}

export function parseSessionId(value: unknown): string {
  return parse(id(200), value, 'session id');
}
