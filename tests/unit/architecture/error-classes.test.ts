import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * IPC and the CLI keep an error's code by `instanceof CodedError` alone (domain/coded-error.ts):
 * an error class of the till that extends plain Error instead reaches a screen as "internal" and
 * a script as a duck-typed guess. The simulator is left out: its errors are the fake Viva's own
 * HTTP answers and never cross IPC.
 */
const root = join(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.replaceAll('\\', '/') === 'electron/core/simulator' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the error classes of the till', () => {
  it('each extend CodedError', () => {
    const plain = sources('electron').flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/class (\w+Error)\b[^{]*\bextends (\w+)/g)]
        .filter(([, , base]) => base !== 'CodedError' && file !== join('electron', 'domain', 'coded-error.ts'))
        .map(([, name, base]) => `${file}: ${name} extends ${base}`),
    );
    expect(plain).toEqual([]);
  });
});
