import type { Journal, NewSessionRequest, SessionRecord } from '../journal/index.ts';
import type { VivaClient } from '../viva/index.ts';
import { assertNoUnknownFor, assertPreauthCompletable, assertTerminalFree, refundableOf } from './admission.ts';
import type { EngineConfig } from './config.ts';
import { PaymentError } from './errors.ts';
import { findCurrency } from '../money.ts';
import {
  parseRefund,
  parseSale,
  parseUnreferencedRefund,
  type PreauthCompletionInput,
  type RefundInput,
  type SaleInput,
  type UnreferencedRefundInput,
} from './operation-inputs.ts';

/** What a session's request needs beyond the engine's own fields (its id and the cash register). */
export type SessionRequest = Omit<NewSessionRequest, 'sessionId' | 'cashRegisterId'>;

/**
 * One money-moving operation: `parse` checks the caller's input (nothing is written if it
 * throws), `admit` runs the checks that need the journal and returns the request they allow
 * (inside the exclusive transaction that writes the `created` row), `send` is the Viva call for
 * the journaled session.
 */
export interface Operation<Input, Parsed> {
  parse(input: Input): Parsed;
  admit(parsed: Parsed): SessionRequest;
  send(record: SessionRecord, parsed: Parsed): Promise<void>;
}

export interface OperationDeps {
  journal: Journal;
  viva: VivaClient;
  config: EngineConfig;
  cashRegisterId: string;
  defaultCurrency: string;
  /** A session's age on the monotonic clock (session-clocks.ts). */
  ageOf: (record: SessionRecord) => number;
}

export type Operations = ReturnType<typeof createOperations>;

/** The four requests that move money, as one table (engine.ts runs each the same way). */
export function createOperations(deps: OperationDeps) {
  const { journal, viva, config, cashRegisterId, defaultCurrency, ageOf } = deps;
  const terminalFree = (terminalId: string) => assertTerminalFree(journal, terminalId, ageOf, config);

  /** The fields every Viva request of a journaled session carries. */
  const base = (record: SessionRecord) => ({
    sessionId: record.sessionId,
    terminalId: record.terminalId,
    cashRegisterId,
    amount: record.amount,
    currencyCode: record.currencyCode,
    ...(record.customerTrns ? { customerTrns: record.customerTrns } : {}),
  });
  const reference = (record: SessionRecord) => (record.merchantReference ? { merchantReference: record.merchantReference } : {});

  const sale: Operation<SaleInput, ReturnType<typeof parseSale>> = {
    parse: (input) => parseSale(input, defaultCurrency),
    admit(parsed) {
      terminalFree(parsed.terminalId);
      assertNoUnknownFor(journal, {
        merchantReference: parsed.merchantReference,
        terminalId: parsed.terminalId,
        amount: parsed.amount,
        tipAmount: parsed.tipAmount,
        currencyCode: parsed.currency.numeric,
      });
      return {
        kind: parsed.preauth ? 'preauth' : 'sale',
        amount: parsed.amount,
        tipAmount: parsed.tipAmount,
        currency: parsed.currency.numeric,
        terminalId: parsed.terminalId,
        merchantReference: parsed.merchantReference ?? null,
        customerTrns: parsed.customerTrns ?? null,
      };
    },
    send: (record, parsed) =>
      viva.sale({
        ...base(record),
        tipAmount: record.tipAmount,
        merchantReference: record.merchantReference ?? record.sessionId,
        ...(parsed.preauth ? { preauth: true } : {}),
        ...(parsed.maxInstalments !== undefined ? { maxInstalments: parsed.maxInstalments } : {}),
      }),
  };

  /** A referenced refund; partial allowed, never more than what is left of the sale (open refunds count). */
  const refund: Operation<RefundInput, ReturnType<typeof parseRefund>> = {
    parse: parseRefund,
    admit(parsed) {
      const refundable = refundableOf(journal, parsed.parentSessionId);
      if (parsed.amount > refundable.remaining) {
        throw new PaymentError(
          'refund-exceeds-remaining',
          {
            id: 'payment.refund-exceeds',
            params: {
              remainingMinor: refundable.remaining,
              refundedMinor: refundable.refunded,
              totalMinor: refundable.total,
              currency: findCurrency(refundable.parent.currencyCode)?.alpha ?? refundable.parent.currencyCode,
            },
          },
        );
      }
      const terminalId = parsed.terminalId ?? refundable.parent.terminalId;
      terminalFree(terminalId);
      return {
        kind: 'refund',
        amount: parsed.amount,
        currency: refundable.parent.currencyCode,
        terminalId,
        merchantReference: parsed.merchantReference ?? refundable.parent.merchantReference,
        customerTrns: parsed.customerTrns ?? null,
        parentSessionId: parsed.parentSessionId,
      };
    },
    send: (record, parsed) => viva.refund({ ...base(record), parentSessionId: parsed.parentSessionId, ...reference(record) }),
  };

  const unreferencedRefund: Operation<UnreferencedRefundInput, ReturnType<typeof parseUnreferencedRefund>> = {
    parse: (input) => parseUnreferencedRefund(input, defaultCurrency),
    admit(parsed) {
      terminalFree(parsed.terminalId);
      return {
        kind: 'unreferenced-refund',
        amount: parsed.amount,
        currency: parsed.currency.numeric,
        terminalId: parsed.terminalId,
        merchantReference: parsed.merchantReference ?? null,
        customerTrns: parsed.customerTrns ?? null,
      };
    },
    send: (record) => viva.unreferencedRefund({ ...base(record), merchantReference: record.merchantReference ?? record.sessionId }),
  };

  /** Captures (part of) a pre-authorisation; never more than the hold. */
  const preauthCompletion: Operation<PreauthCompletionInput, ReturnType<typeof parseRefund>> = {
    parse: parseRefund,
    admit(parsed) {
      const parent = assertPreauthCompletable(journal, parsed.parentSessionId, parsed.amount);
      const terminalId = parsed.terminalId ?? parent.terminalId;
      terminalFree(terminalId);
      return {
        kind: 'preauth-completion',
        amount: parsed.amount,
        currency: parent.currencyCode,
        terminalId,
        merchantReference: parsed.merchantReference ?? parent.merchantReference,
        customerTrns: parsed.customerTrns ?? null,
        parentSessionId: parsed.parentSessionId,
      };
    },
    send: (record, parsed) => viva.preauthCompletion({ ...base(record), parentSessionId: parsed.parentSessionId, ...reference(record) }),
  };

  return { sale, refund, unreferencedRefund, preauthCompletion };
}
