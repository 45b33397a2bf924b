export { createVivaClient, DEFAULT_TIMEOUT_MS, type VivaClient, type VivaClientOptions, type VivaTokenInfo } from './client.ts';
export { customEndpoints, tokenUrl, vivaEndpoints, type VivaEndpoints, type VivaEnvironment } from './environments.ts';
export {
  isDispatchUncertain,
  isOffline,
  isVivaError,
  parseRetryAfter,
  VivaError,
  type VivaErrorCode,
  type VivaErrorPhase,
  type VivaFieldError,
  type VivaNotFoundCase,
} from './errors.ts';
export { describeEvent, type EventInfo, type OutcomeKind } from './event-ids.ts';
export type { FetchFunction } from './http.ts';
export { lookupFromSession, sessionOutcome, type SessionLookup, type SessionOutcome } from './outcome.ts';
export type {
  BaseTransactionRequest,
  DeviceFilter,
  PreauthCompletionRequest,
  RefundRequest,
  SaleRequest,
  UnreferencedRefundRequest,
} from './requests.ts';
export { deviceSchema, sessionSchema, type UnreadableVivaRecord, type VivaDevice, type VivaSession, type VivaSessionList } from './schemas.ts';
export { parseSessionList } from './session-list.ts';
export type { VivaCredentials } from './token-endpoint.ts';
export { sessionMismatches, type ExpectedSession, type SessionField, type SessionMismatch } from './session-match.ts';
