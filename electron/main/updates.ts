import type { Logger } from '../core/logger.ts';

/**
 * Auto-update through electron-updater, off until a feed is configured. electron-builder.yml
 * carries a placeholder publish entry (a reserved .invalid host); the app checks for updates
 * only when it is packaged and ECR_UPDATE_FEED_URL names an https feed (a generic provider).
 */
export function updateFeedUrl(env: Record<string, string | undefined>): string | null {
  const url = env.ECR_UPDATE_FEED_URL?.trim();
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.hostname.endsWith('.invalid')) return null;
    return parsed.toString();
  } catch {
    return null;
  }
}

export interface Updater {
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/** Returns whether a check was started. The updater module is loaded only when it is used. */
export async function startAutoUpdate(options: {
  packaged: boolean;
  feedUrl: string | null;
  loadUpdater: () => Promise<Updater>;
  logger: Logger;
}): Promise<boolean> {
  if (!options.packaged || !options.feedUrl) {
    options.logger.info('auto-update is off', { packaged: options.packaged, feed: options.feedUrl !== null });
    return false;
  }
  try {
    const updater = await options.loadUpdater();
    updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
    await updater.checkForUpdatesAndNotify();
    return true;
  } catch (error) {
    options.logger.warn('the update check failed', { error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
