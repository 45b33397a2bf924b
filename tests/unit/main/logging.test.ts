import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretValues } from '../../../electron/core/secret-values.ts';
import { configureLogging, isRedactionHook, LOG_FILE, loggerFrom, rotateLogFile } from '../../../electron/main/logging.ts';

// electron-log's Node build has the same file transport and hooks as its Electron main build.
let dir: string;
let counter = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function freshLog() {
  counter += 1;
  return nodeLog.create({ logId: `ecr-test-${counter}` });
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0aWxsIn0.c2lnbmF0dXJlLXBhcnQ';
const PAN = '4111 1111 1111 1111';

describe('the log file', () => {
  it('is written to main.log in the logs folder, with the known secret values and card numbers redacted', () => {
    const log = freshLog();
    const secrets = createSecretValues();
    secrets.add(JWT, 'token');
    secrets.add('hunter2-secret');
    configureLogging(log, { logsDir: dir, secrets });
    const logger = loggerFrom(log);
    logger.info(`token answer Bearer ${JWT} for card ${PAN}`, { clientSecret: 'hunter2-secret', nested: { note: 'Basic membership' }, amount: 1250 });
    logger.error('plain line');
    const text = readFileSync(join(dir, LOG_FILE), 'utf8');
    expect(text).toContain('token answer Bearer [redacted]');
    expect(text).toContain('[redacted-pan]');
    expect(text).toContain('1250');
    expect(text).toContain('plain line');
    // Nothing is cut for how it looks: only the exact values the till knows.
    expect(text).toContain('Basic membership');
    for (const secret of [JWT, '4111 1111 1111 1111', 'hunter2-secret']) expect(text).not.toContain(secret);
  });

  it('rotates by size into numbered files and keeps only the newest few', () => {
    const log = freshLog();
    configureLogging(log, { logsDir: dir, maxBytes: 400, keep: 2 });
    for (let i = 0; i < 40; i += 1) log.info(`line ${i} ${'x'.repeat(60)}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('line 39');
  });

  it('rotation shifts every file up by one and drops the oldest', () => {
    for (const [name, text] of [['main.log', 'now'], ['main.1.log', 'older'], ['main.2.log', 'oldest']] as const) writeFileSync(join(dir, name), text);
    rotateLogFile(join(dir, 'main.log'), 2);
    expect(existsSync(join(dir, 'main.log'))).toBe(false);
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8')).toBe('now');
    expect(readFileSync(join(dir, 'main.2.log'), 'utf8')).toBe('older');
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('keeps the console quiet unless asked, and installs the redaction hook once', () => {
    const log = freshLog();
    configureLogging(log, { logsDir: dir });
    configureLogging(log, { logsDir: dir, console: true, level: 'debug' });
    expect(log.hooks.filter((hook) => isRedactionHook(hook))).toHaveLength(1);
    expect(log.transports.console.level).toBe('debug');
    expect(log.transports.file.level).toBe('debug');
  });

  it('passes plain messages without fields unchanged in shape', () => {
    const fake = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const logger = loggerFrom(fake);
    logger.warn('only text');
    logger.info('with fields', { a: 1 });
    expect(fake.warn).toHaveBeenCalledWith('only text');
    expect(fake.info).toHaveBeenCalledWith('with fields', { a: 1 });
  });
});
