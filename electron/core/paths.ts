import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the till keeps its journal when no data dir is given: the same folder Electron's
 * app.getPath('userData') gives the app ("Cloud ECR" under the OS's per-user app-data folder), so
 * the CLI and the app read and write the same journal.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  const name = 'Cloud ECR';
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), name);
}
