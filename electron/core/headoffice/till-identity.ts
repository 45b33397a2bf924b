import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEnvironment } from '../journal/index.ts';
import { HeadOfficeError } from './errors.ts';

/**
 * Who a till is at the head office. `tillId` and `shop` are chosen by the merchant (settings);
 * `installId` is this installation's own random id, generated at the first push and kept in the
 * data folder beside the journal: the server binds the till id to it, so a second machine set up
 * with the same till id is refused instead of interleaving its journal with the first one's.
 */
export interface TillIdentity {
  tillId: string;
  shop: string;
  cashRegisterId: string;
  installId: string;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function checkTillIdentity(identity: TillIdentity): TillIdentity {
  for (const [what, value] of [['headoffice.what.till-id', identity.tillId], ['headoffice.what.shop', identity.shop]] as const) {
    if (!ID_PATTERN.test(value)) throw new HeadOfficeError('invalid-identity', { id: 'headoffice.bad-id', params: { whatPhrase: what, value: JSON.stringify(value) } });
  }
  if (identity.cashRegisterId.trim() === '' || identity.cashRegisterId.length > 64) {
    throw new HeadOfficeError('invalid-identity', { id: 'headoffice.bad-cash-register' });
  }
  if (!UUID_PATTERN.test(identity.installId)) throw new HeadOfficeError('invalid-identity', { id: 'headoffice.bad-install-id' });
  return identity;
}

/** The file that holds this installation's id for one environment's journal. */
export function installIdFile(dataDir: string, environment: JournalEnvironment): string {
  return join(dataDir, `headoffice-install-${environment}.id`);
}

/** This installation's id, created (once) when missing. */
export function loadOrCreateInstallId(dataDir: string, environment: JournalEnvironment): string {
  const file = installIdFile(dataDir, environment);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!UUID_PATTERN.test(text)) throw new HeadOfficeError('invalid-identity', { id: 'headoffice.no-install-id', params: { file } });
    return text;
  }
  mkdirSync(dataDir, { recursive: true });
  const id = randomUUID();
  // 'wx': two first pushes at once must not each write their own id.
  try {
    writeFileSync(file, `${id}\n`, { flag: 'wx' });
    return id;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
