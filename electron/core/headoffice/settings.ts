import type { Settings } from '../settings/schema.ts';

/** Where and as whom this till pushes; the password is not here (it lives in the OS keychain). */
export interface HeadOfficeSettings {
  /** postgres://user@host/db?sslmode=verify-full, without a password. */
  url: string;
  shop: string;
  tillId: string;
}

/** The head-office part of the till's settings; null until all three are set (no push). */
export function headOfficeSettingsOf(settings: Pick<Settings, 'headOfficeUrl' | 'headOfficeShop' | 'headOfficeTillId'>): HeadOfficeSettings | null {
  if (!settings.headOfficeUrl || !settings.headOfficeShop || !settings.headOfficeTillId) return null;
  return { url: settings.headOfficeUrl, shop: settings.headOfficeShop, tillId: settings.headOfficeTillId };
}
