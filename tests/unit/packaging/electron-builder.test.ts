import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { updateFeedUrl } from '../../../electron/main/updates.ts';

interface PlatformConfig {
  icon: string;
  target: { target: string; arch: string[] }[];
  [option: string]: unknown;
}
interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  asarUnpack: string[];
  files: string[];
  directories: Record<string, string>;
  electronFuses: Record<string, boolean>;
  win: PlatformConfig;
  mac: PlatformConfig & { entitlements: string };
  linux: PlatformConfig;
  publish: { provider: string; url: string }[];
}
interface PackageJson {
  productName: string;
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
}

const root = process.cwd();
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
// electron-builder's own JSON schema of its configuration.
const scheme = createRequire(import.meta.url)('app-builder-lib/scheme.json') as {
  properties: Record<string, unknown>;
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

const targets = (platform: 'win' | 'mac') => config[platform].target.map((t) => `${t.target}:${[...t.arch].sort().join('+')}`);

describe('electron-builder.yml', () => {
  it('names the app as package.json does, and uses only options electron-builder knows', () => {
    expect(config.appId).toBe('com.cloudecr.till');
    expect(config.productName).toBe(pkg.productName);
    for (const key of Object.keys(config)) expect(Object.keys(scheme.properties), key).toContain(key);
  });

  it("passes electron-builder's own configuration validator", async () => {
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    // And it does refuse a mistake.
    const typo = { ...structuredClone(config), electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('targets Windows NSIS and macOS dmg + zip, each for x64 and arm64', () => {
    expect(targets('win')).toEqual(['nsis:arm64+x64']);
    expect(targets('mac')).toEqual(['dmg:arm64+x64', 'zip:arm64+x64']);
  });

  it('flips the Electron fuses of the security checklist', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    for (const fuse of Object.keys(config.electronFuses)) expect(known, fuse).toContain(fuse);
    expect(config.asar).toBe(true);
  });

  it('unpacks the native modules from the asar, and ships them as dependencies', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/keytar/**']));
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['better-sqlite3', 'keytar', 'electron-log', 'electron-updater']));
    expect(Object.keys(pkg.dependencies)).not.toContain('electron');
  });

  it('packages the build output, where package.json points', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(pkg.main).toMatch(/^out\/main\//);
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'resources' });
  });

  it('signs macOS with the hardened runtime and minimal entitlements', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'resources/entitlements.mac.plist', entitlementsInherit: 'resources/entitlements.mac.plist' });
    const entitlements = readFileSync(join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(entitlements).not.toMatch(/device\.camera|device\.audio-input|disable-library-validation/);
  });

  it('has icons in resources/ big enough for every platform (512 px and up)', () => {
    for (const platform of ['win', 'mac', 'linux'] as const) {
      const file = join(root, config[platform].icon);
      expect(existsSync(file), file).toBe(true);
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    }
  });

  it('has a placeholder update feed that keeps auto-update off', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: 'https://updates.invalid/cloud-ecr' }]);
    expect(updateFeedUrl({ ECR_UPDATE_FEED_URL: config.publish[0]!.url })).toBeNull();
  });

  it('packages for the current OS with npm run dist, never publishing', () => {
    expect(pkg.scripts.dist).toMatch(/electron-builder --publish never$/);
    expect(pkg.scripts.dist).not.toMatch(/--(win|mac|linux)\b/);
  });
});

describe('the CI workflow', () => {
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
  }
  const workflow = parse(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')) as {
    jobs: { test: { strategy: { matrix: { os: string[] } }; steps: Step[] } };
  };
  const job = workflow.jobs.test;
  const commands = job.steps.map((step) => step.run ?? '').join('\n');

  it('runs on Windows, macOS and Linux with Node 24', () => {
    expect(job.strategy.matrix.os.sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(24);
  });

  it('runs the tests, the Electron smoke tests and electron-builder --dir', () => {
    for (const command of ['npm ci', 'npm test', 'npm run test:electron', 'electron-builder --dir']) expect(commands).toContain(command);
    expect(pkg.scripts['test:electron']).toBe('node scripts/test-electron.js');
  });
});
