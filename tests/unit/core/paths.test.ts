import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../electron/core/paths.ts';

describe('defaultDataDir', () => {
  it("matches Electron's userData folder on each OS", () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toContain('Cloud ECR');
    expect(defaultDataDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/Cloud ECR');
    expect(defaultDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/Cloud ECR');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe('/x/Cloud ECR');
  });
});
