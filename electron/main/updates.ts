import type { Logger } from '../core/logger.ts';

/**
 * Auto-update through electron-updater. A packaged build checks only the feed it was built with
 * (electron-builder writes the publish entry of electron-builder.yml into resources/app-update.yml);
 * ECR_UPDATE_FEED_URL, which would let anything that can set an environment variable point the
 * till at another feed, is honoured only in development (not packaged), to try the updater out.
 * The placeholder publish entry (a reserved .invalid host) keeps auto-update off.
 */
export const UPDATE_FEED_ENV = 'ECR_UPDATE_FEED_URL';

/** A feed URL worth checking: https, and not the .invalid placeholder; null otherwise. */
export function checkedFeedUrl(value: string | null | undefined): string | null {
  const url = value?.trim();
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.hostname.endsWith('.invalid')) return null;
    return parsed.toString();
  } catch {
    return null;
  }
}

/** The environment's feed, checked as any feed is (whether it may be used is `chooseUpdateFeed`'s decision). */
export function updateFeedUrl(env: Record<string, string | undefined>): string | null {
  return checkedFeedUrl(env[UPDATE_FEED_ENV]);
}

/** The `url:` of an app-update.yml (a flat file electron-builder writes); null when there is none. */
export function buildFeedUrl(appUpdateYml: string | null): string | null {
  const match = appUpdateYml?.match(/^url:\s*['"]?([^'"\s]+)['"]?\s*$/m);
  return checkedFeedUrl(match?.[1]);
}

/** 'build': electron-updater reads its own app-update.yml; 'environment': set explicitly (development only). */
export type UpdateFeed = { source: 'build'; url: string } | { source: 'environment'; url: string };

export function chooseUpdateFeed(options: {
  packaged: boolean;
  env: Record<string, string | undefined>;
  /** The packaged build's own feed (buildFeedUrl of resources/app-update.yml). */
  buildFeed: string | null;
  logger?: Logger;
}): UpdateFeed | null {
  const fromEnv = options.env[UPDATE_FEED_ENV]?.trim();
  if (options.packaged) {
    if (fromEnv) options.logger?.warn(`${UPDATE_FEED_ENV} is ignored: a packaged build checks only the feed it was built with`);
    return options.buildFeed ? { source: 'build', url: options.buildFeed } : null;
  }
  const url = checkedFeedUrl(fromEnv);
  return url ? { source: 'environment', url } : null;
}

export interface Updater {
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
  /** electron-updater checks an unpackaged app only when this is set. */
  forceDevUpdateConfig?: boolean;
}

/** Returns whether a check was started. The updater module is loaded only when it is used. */
export async function startAutoUpdate(options: { feed: UpdateFeed | null; loadUpdater: () => Promise<Updater>; logger: Logger }): Promise<boolean> {
  const feed = options.feed;
  if (!feed) {
    options.logger.info('auto-update is off (no feed)');
    return false;
  }
  try {
    const updater = await options.loadUpdater();
    if (feed.source === 'environment') {
      updater.forceDevUpdateConfig = true;
      updater.setFeedURL({ provider: 'generic', url: feed.url });
    }
    options.logger.info('checking for updates', { source: feed.source, url: feed.url });
    await updater.checkForUpdatesAndNotify();
    return true;
  } catch (error) {
    options.logger.warn('the update check failed', { error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
