/** The head office (issue 13 §2): a till's journal replicated to PostgreSQL. */
export { HeadOfficeError, isHeadOfficeError, type HeadOfficeErrorCode } from './errors.ts';
export { parseHeadOfficeUrl, isLoopbackHost, type HeadOfficeConnection } from './connection-url.ts';
export { migrateHeadOffice, HEADOFFICE_SCHEMA, SERVER_MIGRATIONS, LATEST_SERVER_VERSION, type MigrateResult } from './server-schema.ts';
export { pushJournal, DEFAULT_PUSH_BATCH, type PushOptions, type PushResult } from './push.ts';
export { headOfficeStatus, type TillStatus, type HeadOfficeStatusOptions } from './status.ts';
export { verifyHeadOffice, type TillVerification, type VerifyHeadOfficeOptions } from './verify.ts';
export { checkTillIdentity, installIdFile, loadOrCreateInstallId, type TillIdentity } from './till-identity.ts';
export { headOfficeSettingsOf, type HeadOfficeSettings } from './settings.ts';
export {
  createBackgroundPush,
  pushStatusFile,
  readPushStatus,
  withPassword,
  PUSH_DEFAULTS,
  type BackgroundPush,
  type BackgroundPushOptions,
  type HeadOfficePushStatus,
  type PushErrorCode,
} from './background-push.ts';
export { restoreFromHeadOffice, type RestoreFromHeadOfficeOptions, type RestoreFromHeadOfficeResult } from './restore-from-headoffice.ts';
export { fleetReport, LIST_LIMIT, type FleetReport, type FleetReportOptions, type FleetTill, type FleetCurrency, type FleetSession, type FleetTally, type ZStatus, type ChainStatus } from './fleet-report.ts';
export { formatFleetReport, FLEET_FORMATS, FLEET_CSV_COLUMNS, type FleetFormat } from './fleet-format.ts';
