import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, eventChannel, type EventName } from '../../../electron/contract/events.ts';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { forwardEvents, type EventSource } from '../../../electron/main/events.ts';
import { fileStamp } from '../../../electron/main/handlers.ts';
import { menuTemplate } from '../../../electron/main/menu.ts';
import { buildFeedUrl, chooseUpdateFeed, startAutoUpdate, updateFeedUrl } from '../../../electron/main/updates.ts';

describe('events to the window', () => {
  it('forwards every event on its own channel, and stops when asked', () => {
    const emitter = new EventEmitter();
    const source: EventSource = {
      on: (name, listener) => {
        emitter.on(name, listener);
        return () => emitter.off(name, listener);
      },
    };
    const sent: [string, unknown][] = [];
    const stop = forwardEvents(source, (channel, payload) => sent.push([channel, payload]));
    for (const name of EVENT_NAMES) emitter.emit(name, { name });
    expect(sent).toEqual(EVENT_NAMES.map((name: EventName) => [eventChannel(name), { name }]));
    stop();
    emitter.emit('session', {});
    expect(sent).toHaveLength(EVENT_NAMES.length);
  });
});

describe('auto-update', () => {
  it('checks a feed only if it is https and not the placeholder', () => {
    expect(updateFeedUrl({})).toBeNull();
    expect(updateFeedUrl({ ECR_UPDATE_FEED_URL: 'http://updates.example.com/' })).toBeNull();
    expect(updateFeedUrl({ ECR_UPDATE_FEED_URL: 'https://updates.invalid/cloud-ecr' })).toBeNull();
    expect(updateFeedUrl({ ECR_UPDATE_FEED_URL: 'https://updates.example.com/ecr' })).toBe('https://updates.example.com/ecr');
    expect(buildFeedUrl('provider: generic\nurl: https://updates.example.com/ecr\nupdaterCacheDirName: cloud-ecr-updater\n')).toBe('https://updates.example.com/ecr');
    expect(buildFeedUrl("provider: generic\nurl: 'https://updates.invalid/cloud-ecr'\n")).toBeNull();
    expect(buildFeedUrl(null)).toBeNull();
  });

  it('ignores ECR_UPDATE_FEED_URL in a packaged build: only the feed it was built with', () => {
    const env = { ECR_UPDATE_FEED_URL: 'https://attacker.example/feed' };
    const logger = recordingLogger();
    expect(chooseUpdateFeed({ packaged: true, env, buildFeed: null, logger })).toBeNull();
    expect(chooseUpdateFeed({ packaged: true, env, buildFeed: 'https://updates.example.com/ecr' })).toEqual({ source: 'build', url: 'https://updates.example.com/ecr' });
    expect(logger.records.map((r) => r.message)).toEqual([expect.stringContaining('ECR_UPDATE_FEED_URL is ignored')]);
    // Development: the variable is how a developer tries the updater out.
    expect(chooseUpdateFeed({ packaged: false, env, buildFeed: 'https://updates.example.com/ecr' })).toEqual({ source: 'environment', url: 'https://attacker.example/feed' });
    expect(chooseUpdateFeed({ packaged: false, env: { ECR_UPDATE_FEED_URL: 'http://plain.example/' }, buildFeed: null })).toBeNull();
  });

  it('loads the updater only with a feed, and sets the feed itself only for the environment override', async () => {
    const logger = recordingLogger();
    const updater = { setFeedURL: vi.fn(), checkForUpdatesAndNotify: vi.fn(async () => null), forceDevUpdateConfig: false };
    const loadUpdater = vi.fn(async () => updater);
    expect(await startAutoUpdate({ feed: null, loadUpdater, logger })).toBe(false);
    expect(loadUpdater).not.toHaveBeenCalled();
    expect(await startAutoUpdate({ feed: { source: 'build', url: 'https://u.example.com/' }, loadUpdater, logger })).toBe(true);
    // The packaged build's own app-update.yml is what electron-updater reads: nothing overrides it.
    expect(updater.setFeedURL).not.toHaveBeenCalled();
    expect(updater.forceDevUpdateConfig).toBe(false);
    expect(await startAutoUpdate({ feed: { source: 'environment', url: 'https://dev.example.com/' }, loadUpdater, logger })).toBe(true);
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://dev.example.com/' });
    expect(updater.forceDevUpdateConfig).toBe(true);
    const broken = async () => Promise.reject(new Error('offline'));
    expect(await startAutoUpdate({ feed: { source: 'build', url: 'https://u.example.com/' }, loadUpdater: broken, logger })).toBe(false);
  });
});

describe('the menu', () => {
  it('has Edit roles, Help > Export diagnostics, and developer tools only in development', () => {
    const onExportDiagnostics = vi.fn();
    const release = menuTemplate({ platform: 'win32', appName: 'Cloud ECR', devTools: false, onExportDiagnostics });
    expect(release.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(JSON.stringify(release)).not.toContain('toggleDevTools');
    const help = release[3]!.submenu as { label?: string; click?: () => void }[];
    help[0]!.click!();
    expect(onExportDiagnostics).toHaveBeenCalledOnce();
    const mac = menuTemplate({ platform: 'darwin', appName: 'Cloud ECR', devTools: true, onExportDiagnostics });
    expect(mac[0]!.label).toBe('Cloud ECR');
    expect(JSON.stringify(mac)).toContain('toggleDevTools');
  });
});

describe('file names', () => {
  it('stamps exports in UTC, safe for every file system', () => {
    expect(fileStamp(Date.parse('2026-11-26T14:57:03.123Z'))).toBe('20261126-145703');
  });
});
