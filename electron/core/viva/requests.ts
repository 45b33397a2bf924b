import { assertAmountMinor, currency, MoneyError } from '../money.ts';
import { MAX_AMOUNT_MINOR } from '../../domain/money-limits.ts';
import { isSafeSessionId } from '../../domain/identifiers.ts';
import { localValidationError } from './errors.ts';

/**
 * Request types and the checks made before anything is sent. Each builder either returns the
 * exact JSON body for Viva or throws a VivaError with code 'validation' and phase 'local'.
 * Amounts are integer minor units; the currency may be given as "978", "EUR" (or 978) and is
 * always sent as Viva's ISO numeric string.
 */

/** Fields every transaction request carries (spec §2.2–2.4). */
export interface BaseTransactionRequest {
  /** Chosen by the till (UUID v4); the idempotency key of this operation. */
  sessionId: string;
  terminalId: string;
  /** Must be the same later for an abort: only the creating register may abort. */
  cashRegisterId: string;
  /** Minor units, e.g. 1170 = 11.70. */
  amount: number;
  /** ISO 4217, numeric ("978") or alphabetic ("EUR"). */
  currencyCode: string;
  merchantReference?: string;
  customerTrns?: string;
  showTransactionResult?: boolean;
  showReceipt?: boolean;
}

export interface SaleRequest extends BaseTransactionRequest {
  /** Minor units; 0 (the default) when no tip. Not allowed with preauth. */
  tipAmount?: number;
  preauth?: boolean;
  /** Greece only; 0 = none. */
  maxInstalments?: number;
}

export interface RefundRequest extends BaseTransactionRequest {
  /** sessionId of the sale being refunded. */
  parentSessionId: string;
}

export type UnreferencedRefundRequest = BaseTransactionRequest;

export interface PreauthCompletionRequest extends BaseTransactionRequest {
  /** sessionId of the pre-authorisation being captured. */
  parentSessionId: string;
}

export interface DeviceFilter {
  /** Inventory status 0–7 (1 = Live). */
  statusId?: number;
  sourceCode?: string;
}

type Body = Record<string, unknown>;

export function saleBody(request: SaleRequest): Body {
  const body = baseBody(request);
  const tip = request.tipAmount ?? 0;
  if (typeof tip !== 'number' || !Number.isInteger(tip) || tip < 0 || tip > MAX_AMOUNT_MINOR) {
    throw localValidationError('tipAmount', `The tip must be zero or a whole number of minor units (cents), got ${String(tip)}.`);
  }
  const preauth = optionalBoolean(request.preauth, 'preauth');
  if (preauth === true && tip > 0) {
    throw localValidationError('tipAmount', 'A tip cannot be added to a pre-authorisation.');
  }
  body.tipAmount = tip;
  if (preauth !== undefined) body.preauth = preauth;
  if (request.maxInstalments !== undefined) {
    const max = request.maxInstalments;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) {
      throw localValidationError('maxInstalments', 'The number of instalments must be zero or a positive whole number.');
    }
    body.maxInstalments = max;
  }
  return body;
}

export function refundBody(request: RefundRequest): Body {
  return { ...baseBody(request), parentSessionId: parentId(request) };
}

export function unreferencedRefundBody(request: UnreferencedRefundRequest): Body {
  return baseBody(request);
}

export function preauthCompletionBody(request: PreauthCompletionRequest): Body {
  return { ...baseBody(request), parentSessionId: parentId(request) };
}

export function deviceSearchBody(filter: DeviceFilter = {}): Body {
  const body: Body = {};
  if (filter.statusId !== undefined) {
    const status = filter.statusId;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 7) {
      throw localValidationError('statusId', 'The device status filter must be a whole number from 0 to 7.');
    }
    body.statusId = status;
  }
  if (filter.sourceCode !== undefined) body.sourceCode = requiredText(filter.sourceCode, 'sourceCode', 'source code');
  return body;
}

/**
 * A session id goes into the URL path (GET/DELETE /ecr/v1/sessions/{id}): it must be one safe
 * segment, so "..", "/", "%2F" or an empty id is refused before any request leaves.
 */
export function checkedSessionId(sessionId: unknown, path = 'sessionId'): string {
  const id = requiredText(sessionId, path, 'session id');
  if (!isSafeSessionId(id)) {
    throw localValidationError(path, `The session id ${JSON.stringify(id)} is not a session id: use letters, digits and - _ . : only, as in a UUID.`);
  }
  return id;
}

export function checkedCashRegisterId(cashRegisterId: unknown): string {
  return requiredText(cashRegisterId, 'cashRegisterId', 'cash register id');
}

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export function checkedDate(date: unknown): string {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const parsed = new Date(Date.UTC(year, month - 1, day));
    if (parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day) {
      return date as string;
    }
  }
  throw localValidationError('date', `The date must be a real calendar date written YYYY-MM-DD, got ${JSON.stringify(date) ?? 'nothing'}.`);
}

function baseBody(request: BaseTransactionRequest): Body {
  if (!request || typeof request !== 'object') throw localValidationError('', 'The payment request is missing.');
  const body: Body = {
    sessionId: checkedSessionId(request.sessionId),
    terminalId: requiredText(request.terminalId, 'terminalId', 'terminal id'),
    cashRegisterId: checkedCashRegisterId(request.cashRegisterId),
    amount: checkedAmount(request.amount),
    currencyCode: checkedCurrency(request.currencyCode),
  };
  if (request.merchantReference !== undefined) body.merchantReference = optionalText(request.merchantReference, 'merchantReference');
  if (request.customerTrns !== undefined) body.customerTrns = optionalText(request.customerTrns, 'customerTrns');
  const showResult = optionalBoolean(request.showTransactionResult, 'showTransactionResult');
  if (showResult !== undefined) body.showTransactionResult = showResult;
  const showReceipt = optionalBoolean(request.showReceipt, 'showReceipt');
  if (showReceipt !== undefined) body.showReceipt = showReceipt;
  return body;
}

function checkedAmount(amount: unknown): number {
  try {
    assertAmountMinor(amount);
    return amount;
  } catch (error) {
    if (error instanceof MoneyError) throw localValidationError('amount', error.message, error);
    throw error;
  }
}

function checkedCurrency(code: unknown): string {
  if (typeof code !== 'string' && typeof code !== 'number') {
    throw localValidationError('currencyCode', 'The currency is missing: use an ISO 4217 code such as EUR or 978.');
  }
  try {
    return currency(code).numeric;
  } catch (error) {
    if (error instanceof MoneyError) throw localValidationError('currencyCode', error.message, error);
    throw error;
  }
}

function parentId(request: { parentSessionId: string; sessionId: string }): string {
  const parent = checkedSessionId(request.parentSessionId, 'parentSessionId');
  if (parent === request.sessionId) {
    throw localValidationError('parentSessionId', 'A refund or completion needs its own new session id, not the original one.');
  }
  return parent;
}

function requiredText(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw localValidationError(path, `The ${what} is missing.`);
  return value;
}

function optionalText(value: unknown, path: string): string {
  if (typeof value !== 'string') throw localValidationError(path, `The ${path} must be text.`);
  return value;
}

function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw localValidationError(path, `The ${path} option must be true or false.`);
  return value;
}
