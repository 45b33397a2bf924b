import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_ERROR_CODES, SHELL_ERROR_CODES } from '../../../electron/contract/envelope.ts';
import { CodedError } from '../../../electron/domain/coded-error.ts';
import { MESSAGES_EL, MESSAGES_EN, renderMessage, type MessageTemplate } from '../../../electron/domain/messages.ts';

const ROOT = join(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const placeholders = (template: MessageTemplate) =>
  (typeof template === 'string' ? [template] : [template.one, template.other]).map((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());

describe('the message catalogue', () => {
  it('has every message in English and Greek, none empty, in the same shape with the same placeholders', () => {
    expect(Object.keys(MESSAGES_EL).sort()).toEqual(Object.keys(MESSAGES_EN).sort());
    for (const [id, english] of Object.entries(MESSAGES_EN)) {
      const greek = MESSAGES_EL[id as keyof typeof MESSAGES_EN];
      expect(typeof greek, id).toBe(typeof english);
      const allPlaceholders = (template: MessageTemplate) => [...new Set(placeholders(template).flat())].sort();
      expect(allPlaceholders(greek), id).toEqual(allPlaceholders(english));
      for (const text of typeof greek === 'string' ? [greek] : [greek.one, greek.other]) expect(text.trim(), id).not.toBe('');
    }
  });

  it('has every message id the core, the shell and the CLI name, in both languages', () => {
    const named = new Map<string, string>();
    for (const file of sourceFiles(join(ROOT, 'electron'))) {
      if (file.endsWith(join('domain', 'messages.ts'))) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bid: '([a-z][\w.-]*\.[\w.-]+)'/g)) named.set(match[1]!, file);
      for (const match of text.matchAll(/fieldProblem\([^,]+, '([\w.-]+)'/g)) named.set(match[1]!, file);
    }
    expect(named.size).toBeGreaterThan(40);
    const missing = [...named].filter(([id]) => !Object.hasOwn(MESSAGES_EN, id) || !Object.hasOwn(MESSAGES_EL, id));
    expect(missing).toEqual([]);
  });

  it('has every message id a site names as a string (phrases, ids chosen by a table or a condition), in both languages', () => {
    const prefixes = 'code|payment|viva|session|settings|field|connection|report|shell|journal|money|keychain|credentials|start-up|simulator|cli|headoffice|backup|attention';
    const quoted = new RegExp(`'((?:${prefixes})\\.[a-z][a-z0-9.-]*[a-z0-9])'`, 'g');
    const named = new Map<string, string>();
    for (const file of sourceFiles(join(ROOT, 'electron'))) {
      if (file.endsWith(join('domain', 'messages.ts'))) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(quoted)) {
        if (!/\.(ts|js|json|sqlite|html|csv|com)$/.test(match[1]!)) named.set(match[1]!, file);
      }
    }
    expect(named.size).toBeGreaterThan(150);
    expect([...named].filter(([id]) => !Object.hasOwn(MESSAGES_EN, id) || !Object.hasOwn(MESSAGES_EL, id))).toEqual([]);
  });

  it('every refusal of the journal, money, the keychain, payments, settings, the shell, Viva, the simulator, reports, the head office, the attention list, backups and the CLI names a message (no English-only site)', () => {
    // (code, message) for the classes of the core; UsageError takes the message alone.
    const coded = ['JournalError', 'MoneyError', 'SecretStoreError', 'SimulatorControlError', 'PaymentError', 'SettingsError', 'ShellError', 'VivaError', 'ReportError', 'AttentionError', 'BackupError', 'HeadOfficeError'];
    // The code may be chosen by a condition (lost ? 'unreachable' : 'server-error').
    const plain = new RegExp(`new (?:(?:${coded.join('|')})\\(\\s*[^,()]+,|UsageError\\()\\s*[\`'"]`, 'g');
    const found: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'electron'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(plain)) found.push(`${file.slice(ROOT.length + 1)}: ${match[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('renders a phrase placeholder (…Phrase) as another message of the same language, with the same params', () => {
    expect(renderMessage('en', 'money.not-positive', { whatPhrase: 'money.what.tip' })).toBe('The tip must be greater than zero.');
    expect(renderMessage('el', 'money.not-positive', { whatPhrase: 'money.what.tip' })).toBe('Το φιλοδώρημα πρέπει να είναι μεγαλύτερο από το μηδέν.');
    const required = { flag: '--outcome', hintPhrase: 'cli.hint.outcome', outcomes: 'approved, declined or failed' };
    expect(renderMessage('en', 'cli.option-required', required)).toBe('--outcome is required: what really happened, approved, declined or failed.');
    expect(renderMessage('el', 'cli.option-required', required)).toBe('Το --outcome είναι υποχρεωτικό: τι πραγματικά συνέβη, approved, declined or failed.');
  });

  it('has a general sentence in both languages for every error code an IPC answer can carry', () => {
    const codes = new Set<string>([...IPC_ERROR_CODES, ...SHELL_ERROR_CODES]);
    // The codes of each error class of the core, as their type unions list them (envelope.ts's ErrorCode).
    const envelope = readFileSync(join(ROOT, 'electron/contract/envelope.ts'), 'utf8');
    for (const [, path] of envelope.matchAll(/import type \{ \w+ErrorCode \} from '\.\.\/(core\/[\w/.-]+)'/g)) {
      const source = readFileSync(join(ROOT, 'electron', path!), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const union = /export type \w+ErrorCode =([^;]+);/.exec(source)?.[1] ?? '';
      for (const [, code] of union.matchAll(/'([a-z-]+)'/g)) codes.add(code!);
    }
    expect(codes.size).toBeGreaterThan(50);
    const missing = [...codes].filter((code) => !Object.hasOwn(MESSAGES_EN, `code.${code}`) || !Object.hasOwn(MESSAGES_EL, `code.${code}`));
    expect(missing).toEqual([]);
  });

  it('chooses the plural form by count with Intl.PluralRules, and writes amounts as money of the language', () => {
    const params = { day: '2026-03-10', sessions: 'a1b2c3d4' };
    expect(renderMessage('en', 'report.unknown-sessions', { ...params, count: 1 })).toMatch(/^1 payment of 2026-03-10 has an unknown outcome/);
    expect(renderMessage('en', 'report.unknown-sessions', { ...params, count: 3 })).toMatch(/^3 payments of 2026-03-10 have an unknown outcome/);
    expect(renderMessage('el', 'report.unknown-sessions', { ...params, count: 1 })).toMatch(/^1 πληρωμή της 2026-03-10 έχει άγνωστη έκβαση/);
    expect(renderMessage('el', 'report.unknown-sessions', { ...params, count: 2 })).toMatch(/^2 πληρωμές της 2026-03-10 έχουν άγνωστη έκβαση/);
    const money = { remainingMinor: 1250, refundedMinor: 250, totalMinor: 1500, currency: 'EUR' };
    expect(renderMessage('en', 'payment.refund-exceeds', money)).toBe('At most €12.50 can still be refunded (€2.50 of €15.00 already refunded or being refunded).');
    expect(renderMessage('el', 'payment.refund-exceeds', money)).toContain('12,50');
  });

  it('a CodedError named by id keeps the English rendering (and its detail) as its message', () => {
    class Refusal extends CodedError {}
    const error = new Refusal('terminal-busy', { id: 'payment.terminal-busy', params: { terminal: '16000001', session: 'ab12cd34', state: 'pending' }, detail: '(extra)' });
    expect(error.messageId).toBe('payment.terminal-busy');
    expect(error.params).toEqual({ terminal: '16000001', session: 'ab12cd34', state: 'pending' });
    expect(error.message).toBe('Terminal 16000001 is still busy with another payment (ab12cd34, pending). Wait for it to finish or abort it first. (extra)');
  });
});
