import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/lib/i18n/en.ts';

/**
 * Every message in en.ts is said somewhere: a key no code reaches is a sentence someone keeps
 * translating for nothing, and a sign that a screen lost something it used to say. The code is
 * renderer/src and electron/domain (the renderer runs the domain, whose catalogues name their keys:
 * `reason.1003`...). The message files and the glossary only name keys, they do not say them.
 */
const root = join(import.meta.dirname, '..', '..');
const NOT_CODE = new Set(['renderer/src/lib/i18n/en.ts', 'renderer/src/lib/i18n/el.ts', 'renderer/src/lib/i18n/glossary.ts']);

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(entry.name) && !NOT_CODE.has(path.replaceAll('\\', '/')) ? [path] : [];
  });
}

const code = [...sources('renderer/src'), ...sources('electron/domain')].map((file) => readFileSync(join(root, file), 'utf8')).join('\n');

/**
 * The families of keys the code builds at runtime, as `app.t(`state.${session.state}`)`: any key
 * under one of these counts as said. Each must still be built somewhere (the second test), so the
 * list cannot keep a family the code has dropped.
 */
const BUILT_PREFIXES = [
  'attention.decision.',
  'attention.explain.',
  'attention.kind.',
  'banner.payments.',
  'code.',
  'env.',
  'env.confirm.',
  'eod.export.',
  'eod.integrity.',
  'eod.outcome.',
  'eod.recon.',
  'ho.backup.error.',
  'ho.error.',
  'ho.fleet.chain.',
  'ho.fleet.z.',
  'journal.abortReason.',
  'journal.alert.',
  'journal.anomaly.',
  'journal.event.',
  'journal.mark.',
  'journal.observed.',
  'journal.problem.',
  'journal.refund.problem.',
  'journal.resolution.',
  'journal.source.',
  'kind.',
  'language.',
  'recon.action.',
  'recon.actionHelp.',
  'recon.confirm.',
  'recon.kind.',
  'recon.kindHelp.',
  'recon.resolution.',
  'session.error.',
  'state.',
  'till.',
] as const;

/**
 * Built keys whose prefix is shared with keys written out (`result.tryAgain`): a prefix would hide
 * an unused sibling there, so the built ones are named (PaymentResult.svelte: `result.${outcome}`).
 */
const BUILT_KEYS = new Set(['result.approved', 'result.declined', 'result.cancelled', 'result.aborted', 'result.failed', 'result.unknown']);

/** `recon.clean#one`: plural keys are said through their base (translatePlural(language, 'recon.clean', n)). */
const spokenAs = (key: string) => key.replace(/#[a-z]+$/, '');

function said(key: string): boolean {
  if (BUILT_KEYS.has(key) || BUILT_PREFIXES.some((prefix) => key.startsWith(prefix))) return true;
  const spoken = spokenAs(key);
  return [`'${spoken}'`, `"${spoken}"`, `\`${spoken}\``].some((quoted) => code.includes(quoted));
}

describe('the English messages', () => {
  it('are each said somewhere in the code', () => {
    expect(Object.keys(en).filter((key) => !said(key))).toEqual([]);
  });

  it.each([...BUILT_PREFIXES, 'result.'])('family %s is still built by the code', (prefix) => {
    expect(code).toContain(`\`${prefix}\${`);
  });
});
