export { createPaymentEngine, type PaymentEngine, type PaymentEngineOptions } from './engine.ts';
export { DEFAULT_ENGINE_CONFIG, engineConfigSchema, type EngineConfig, type EngineConfigInput } from './config.ts';
export { PaymentError, isPaymentError, type PaymentErrorCode } from './errors.ts';
export type { EngineEvents, EngineEventName } from './engine-events.ts';
export type { EngineStatus } from './engine.ts';
export type { SaleInput, RefundInput, UnreferencedRefundInput, PreauthCompletionInput, ResolveInput } from './operation-inputs.ts';
export type { Refundable } from './admission.ts';
export { saleRefundsOf, type SaleRefunds } from './sale-refunds.ts';
export { diagnoseSession, type NeverEndingDiagnosis, type DayListCheck } from './never-delivered.ts';
