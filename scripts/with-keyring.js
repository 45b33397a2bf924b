// On Linux without a desktop keyring, a command runs inside dbus-run-session with a throwaway,
// unlocked gnome-keyring (keychain tests are real, and never touch the developer's own keyring).
// Shared by `npm test` and `npm run soak`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function withKeyring(command, args) {
  if (process.platform !== 'linux' || process.env.ECR_TEST_KEYRING === 'system') return [command, args];
  const keyringHome = mkdtempSync(join(tmpdir(), 'ecr-keyring-'));
  const script = [
    // A throwaway keyring: its own data dir, unlocked from stdin with a throwaway password.
    `printf 'ecr-test' | XDG_DATA_HOME='${keyringHome}' gnome-keyring-daemon --unlock --components=secrets >/dev/null`,
    'exec "$@"',
  ].join(' && ');
  return ['dbus-run-session', ['--', 'sh', '-c', script, 'sh', command, ...args]];
}
