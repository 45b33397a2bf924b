/**
 * The journal's public surface: what the payment engine, reports, the CLI and main import.
 */
export { openJournal, journalFile, type OpenJournalOptions } from './database.ts';
export { Journal, JOURNAL_ENVIRONMENTS, type JournalEnvironment, type JournalPragmas } from './journal.ts';
export { openJournalReader, type JournalReader } from './reader.ts';
export {
  JournalError,
  isJournalError,
  isJournalWriteFault,
  isRetryableJournalFault,
  WRITE_FAULT_CODES,
  type JournalErrorCode,
  type JournalWriteFaultCode,
} from './errors.ts';
export { classifySqliteError } from './sqlite-errors.ts';
export type { IntegrityResult } from './integrity.ts';
export type { ChainHead, SessionHistory } from './event-store.ts';
export {
  EVENT_TYPES,
  FIRST_EVENT_TYPES,
  ANOMALY_KINDS,
  KNOWN_ALERTS,
  type AnomalyKind,
  type ImportedSessionInput,
  type EventType,
  type EventInput,
  type EventPayload,
  type JournalEvent,
  type NewSessionRequest,
} from './event-schemas.ts';
export { nextState } from './transitions.ts';
export { replaySession, applyEvent, type SessionRecord } from './projection.ts';
export { GENESIS_HASH, type ChainBreak, type ChainBreakReason, type StoredChainRow } from './hash-chain.ts';
export { canonicalJson } from './canonical-json.ts';
export type { DayCheck, VerifyAnchor, VerifyOptions, VerifyResult } from './verify.ts';
export type { NewZReport, ReconciliationRow, ZReportRow } from './day-records.ts';
export { MAX_PAGE_SIZE, type SessionFilter, type SessionPage } from './read-model.ts';
export { businessDayOf, utcDatesOfBusinessDay, checkBusinessDayConfig, type BusinessDayConfig } from './business-day.ts';
export { LATEST_SCHEMA_VERSION } from './migrations.ts';
export type { EngineLockHolder, EngineLockOwner, EngineLockPolicy, EngineLockResult } from './engine-lock.ts';
export { processAlive } from './engine-lock.ts';
