import { describe, expect, it } from 'vitest';
import { settingsPatchSchema } from '../../../electron/core/settings/schema.ts';

describe('head-office settings', () => {
  it('take a postgres:// URL without a password, and a shop and till id', () => {
    expect(settingsPatchSchema.safeParse({ headOfficeUrl: 'postgres://ecr@ho.example.com/ecr?sslmode=verify-full', headOfficeShop: 'athens-1', headOfficeTillId: 'till-2' }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ headOfficeUrl: null }).success).toBe(true);
  });

  it('refuse a URL carrying a password (it belongs in the keychain), another scheme, and malformed ids', () => {
    for (const patch of [
      { headOfficeUrl: 'postgres://ecr:secret@ho.example.com/ecr' },
      { headOfficeUrl: 'mysql://ecr@ho.example.com/ecr' },
      { headOfficeShop: 'athens 1' },
      { headOfficeTillId: '' },
    ]) {
      expect(settingsPatchSchema.safeParse(patch).success, JSON.stringify(patch)).toBe(false);
    }
  });
});
