import { CREDENTIAL_ENVIRONMENTS, type CredentialEnvironment } from './schema.ts';
import { CodedError } from '../../domain/coded-error.ts';

/**
 * Where the merchant's Viva credentials live. In the app: the OS keychain through keytar
 * (electron/main/secret-store.ts), one service per environment. In tests of other layers: the
 * in-memory store below. Nothing outside the core's Viva client ever needs a secret's value:
 * everything else asks `credentialStatus`, which says whether a secret is set, never what it is.
 */
export const SECRET_NAMES = ['clientId', 'clientSecret'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export interface SecretStore {
  get(environment: CredentialEnvironment, name: SecretName): Promise<string | null>;
  set(environment: CredentialEnvironment, name: SecretName, value: string): Promise<void>;
  /** Removing what is not there is not an error. */
  delete(environment: CredentialEnvironment, name: SecretName): Promise<void>;
  /**
   * The head office's database password (core/headoffice): one per till, whatever the
   * environment, never in the settings file. Only the background push reads it; the app asks
   * whether it is set.
   */
  getHeadOfficePassword(): Promise<string | null>;
  setHeadOfficePassword(value: string): Promise<void>;
  deleteHeadOfficePassword(): Promise<void>;
}

export type SecretStoreErrorCode = 'keychain-unavailable' | 'invalid-secret';

export class SecretStoreError extends CodedError<SecretStoreErrorCode> {
  override name = 'SecretStoreError';
}

/** What the settings screen may know about an environment's credentials. */
export interface CredentialStatus {
  /** The client id is an identifier shown in Viva's self-care, not a secret: showing it tells which account is set up. */
  clientId: string | null;
  hasClientSecret: boolean;
}

export function isCredentialEnvironment(value: unknown): value is CredentialEnvironment {
  return typeof value === 'string' && (CREDENTIAL_ENVIRONMENTS as readonly string[]).includes(value);
}

/** Refuses a value that cannot be a credential, without ever echoing it. */
export function checkSecretValue(name: SecretName, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 1000 || /\p{Cc}/u.test(value)) {
    throw new SecretStoreError('invalid-secret', { id: name === 'clientId' ? 'credentials.bad-client-id' : 'credentials.bad-client-secret' });
  }
  return value.trim();
}

/**
 * Refuses a head-office password that cannot be one, without echoing it. At least 8 characters:
 * logs and exports cut secrets out by exact value, and a shorter value would cut ordinary words
 * (secret-values.ts MIN_SECRET_LENGTH), so a shorter password could not be kept out of them.
 */
export function checkHeadOfficePassword(value: unknown): string {
  if (typeof value !== 'string' || value.length < 8 || value.length > 1000 || /\p{Cc}/u.test(value)) {
    throw new SecretStoreError('invalid-secret', { id: 'credentials.bad-headoffice-password' });
  }
  return value;
}

export async function credentialStatus(store: SecretStore, environment: CredentialEnvironment): Promise<CredentialStatus> {
  const [clientId, clientSecret] = await Promise.all([store.get(environment, 'clientId'), store.get(environment, 'clientSecret')]);
  return { clientId, hasClientSecret: clientSecret !== null && clientSecret !== '' };
}

/** Both credentials of an environment, or null while either is missing. Only the core's Viva client should hold the result. */
export async function readCredentials(
  store: SecretStore,
  environment: CredentialEnvironment,
): Promise<{ clientId: string; clientSecret: string } | null> {
  const [clientId, clientSecret] = await Promise.all([store.get(environment, 'clientId'), store.get(environment, 'clientSecret')]);
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

/** A SecretStore in memory, for tests of the layers above the keychain. */
export function memorySecretStore(initial: Partial<Record<CredentialEnvironment, Partial<Record<SecretName, string>>>> = {}) {
  const values = new Map<string, string>();
  const key = (environment: CredentialEnvironment, name: SecretName) => `${environment}/${name}`;
  for (const [environment, secrets] of Object.entries(initial)) {
    for (const [name, value] of Object.entries(secrets ?? {})) {
      if (value !== undefined) values.set(key(environment as CredentialEnvironment, name as SecretName), value);
    }
  }
  let headOfficePassword: string | null = null;
  const store: SecretStore & { snapshot(): Record<string, string> } = {
    async get(environment, name) {
      return values.get(key(environment, name)) ?? null;
    },
    async set(environment, name, value) {
      values.set(key(environment, name), checkSecretValue(name, value));
    },
    async delete(environment, name) {
      values.delete(key(environment, name));
    },
    async getHeadOfficePassword() {
      return headOfficePassword;
    },
    async setHeadOfficePassword(value) {
      headOfficePassword = checkHeadOfficePassword(value);
    },
    async deleteHeadOfficePassword() {
      headOfficePassword = null;
    },
    snapshot: () => Object.fromEntries([...values].sort()),
  };
  return store;
}
