import keytar from 'keytar';
import { checkHeadOfficePassword, checkSecretValue, SecretStoreError, type SecretName, type SecretStore } from '../core/settings/secret-store.ts';
import type { CredentialEnvironment } from '../core/settings/schema.ts';
import type { MessageId } from '../domain/messages.ts';

/**
 * The SecretStore on the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux) through keytar. One service per environment, "Cloud ECR (production)", so a
 * merchant can see and remove the entries in the OS's own keychain tool.
 */
export type Keychain = Pick<typeof keytar, 'getPassword' | 'setPassword' | 'deletePassword'>;

const ACCOUNTS: Record<SecretName, string> = { clientId: 'client-id', clientSecret: 'client-secret' };

export function keychainService(environment: CredentialEnvironment, product = 'Cloud ECR'): string {
  return `${product} (${environment})`;
}

/** The head office's password: one entry per till, "Cloud ECR (head office)" / "password". */
export function headOfficeKeychainService(product = 'Cloud ECR'): string {
  return `${product} (head office)`;
}
const HEADOFFICE_ACCOUNT = 'password';

export interface KeytarSecretStoreOptions {
  keychain?: Keychain;
  /** The product part of the service name; tests use their own so they never touch the app's entries. */
  product?: string;
}

export function keytarSecretStore(options: KeytarSecretStoreOptions = {}): SecretStore {
  const keychain = options.keychain ?? keytar;
  const service = (environment: CredentialEnvironment) => keychainService(environment, options.product);

  async function guarded<T>(operation: Extract<MessageId, `keychain.op.${string}`>, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SecretStoreError) throw error;
      // keytar's messages name the keychain's problem, never the password.
      throw new SecretStoreError('keychain-unavailable', {
        id: 'keychain.unavailable',
        params: { operationPhrase: operation },
        detail: `(${error instanceof Error ? error.message : String(error)})`,
      });
    }
  }

  return {
    get: (environment, name) => guarded('keychain.op.read', () => keychain.getPassword(service(environment), ACCOUNTS[name])),
    // async: a refused value is a rejected promise like every other failure.
    set: async (environment, name, value) => {
      const checked = checkSecretValue(name, value);
      await guarded('keychain.op.store-credential', () => keychain.setPassword(service(environment), ACCOUNTS[name], checked));
    },
    delete: (environment, name) =>
      guarded('keychain.op.remove-credential', async () => {
        await keychain.deletePassword(service(environment), ACCOUNTS[name]);
      }),
    getHeadOfficePassword: () => guarded('keychain.op.read', () => keychain.getPassword(headOfficeKeychainService(options.product), HEADOFFICE_ACCOUNT)),
    setHeadOfficePassword: async (value) => {
      const checked = checkHeadOfficePassword(value);
      await guarded('keychain.op.store-headoffice-password', () => keychain.setPassword(headOfficeKeychainService(options.product), HEADOFFICE_ACCOUNT, checked));
    },
    deleteHeadOfficePassword: () =>
      guarded('keychain.op.remove-headoffice-password', async () => {
        await keychain.deletePassword(headOfficeKeychainService(options.product), HEADOFFICE_ACCOUNT);
      }),
  };
}
