import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../../domain/money-limits.ts';

/**
 * The shape of the till's non-secret settings. Pure zod and nothing else, because the IPC
 * contract (shared with the preload and the renderer) takes its `updateSettings` input schema
 * from here: one definition of what a setting looks like, checked at the IPC boundary and again
 * by the settings store. Meaning that needs a lookup (a known currency, a real time zone) is
 * checked by the store (settings.ts).
 */
export const ENVIRONMENTS = ['simulator', 'demo', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Environments that need the merchant's own Viva credentials (the simulator has built-in ones). */
export const CREDENTIAL_ENVIRONMENTS = ['demo', 'production'] as const;
export type CredentialEnvironment = (typeof CREDENTIAL_ENVIRONMENTS)[number];

// Printable text without control characters: ids end up in HTTP bodies, file names and logs.
const printable = /^[^\p{Cc}]+$/u;

export const settingsFields = {
  environment: z.enum(ENVIRONMENTS),
  /** Sent with every request to Viva; an abort is only honoured for the same cash register id. */
  cashRegisterId: z.string().trim().min(1, 'must not be empty').max(64).regex(printable, 'must not contain control characters'),
  defaultTerminalId: z.string().trim().min(1, 'must not be empty').max(64).regex(printable, 'must not contain control characters').nullable(),
  /** ISO 4217 alphabetic code of the currency used when a request names none. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  /** IANA zone of the shop, e.g. Europe/Athens: decides which business day a payment belongs to. */
  businessDayTimeZone: z.string().min(1, 'must not be empty').max(64),
  /** 0..23: the hours before it still belong to the previous business day. */
  businessDayCutoffHour: z.int().min(0).max(23),
  /** Advanced: from the start of one poll of an open session to the next. */
  pollIntervalMs: z.int().min(250).max(10_000),
  /** Advanced: how long to wait for the customer before aborting. */
  deadlineMs: z.int().min(30_000).max(600_000),
  /** The UI language, a BCP 47 tag such as en or el or pt-BR. */
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en or pt-BR'),
  /** Minor units: a sale (amount + tip) above it is sent only after the cashier confirms it; absent: DEFAULT_CONFIRM_ABOVE_MINOR (domain/money-limits.ts). */
  confirmAboveMinor: z.int().min(1).max(MAX_AMOUNT_MINOR).optional(),
  // Backups (core/backup). Optional: absent means no folder (backups off), 23 h and the last 30 kept.
  /** Where the journal is backed up (a USB stick, a NAS share, a synced cloud folder); null: no automatic backups. */
  backupFolder: z.string().trim().min(1, 'must not be empty').max(1024).regex(printable, 'must not contain control characters').nullable().optional(),
  /** 0..23 in the shop's time zone: the daily backup's hour. */
  backupHour: z.int().min(0).max(23).optional(),
  /** How many backups to keep besides every Z day's. */
  backupRetention: z.int().min(1).max(10_000).optional(),
  // Head office (core/headoffice). Optional: absent means this till pushes nowhere.
  /** postgres://user@host/db?sslmode=verify-full; never with a password (that belongs in the keychain). */
  headOfficeUrl: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(1024)
    .regex(/^postgres(ql)?:\/\/[^\s:@/]*@?[^\s]*$/, 'must be a postgres:// URL')
    .refine((url) => !/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(url), 'must not carry a password')
    .nullable()
    .optional(),
  /** The shop this till belongs to at the head office. */
  headOfficeShop: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1 to 64 letters, digits, '.', '_' or '-'").optional(),
  /** This till's id at the head office: one machine per id. */
  headOfficeTillId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1 to 64 letters, digits, '.', '_' or '-'").optional(),
};

export type SettingName = keyof typeof settingsFields;
export const SETTING_NAMES = Object.keys(settingsFields) as SettingName[];

export const settingsSchema = z.strictObject(settingsFields);
export type Settings = z.output<typeof settingsSchema>;

/** A change to some settings; anything not named stays as it is. */
export const settingsPatchSchema = z.strictObject(settingsFields).partial();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** Settings whose change means the core (journal, Viva client, engine) must be built again. */
export const CORE_SETTINGS: readonly SettingName[] = [
  'environment',
  'cashRegisterId',
  'currency',
  'businessDayTimeZone',
  'businessDayCutoffHour',
  'pollIntervalMs',
  'deadlineMs',
];
