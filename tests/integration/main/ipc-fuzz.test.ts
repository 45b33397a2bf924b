import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../../electron/contract/channels.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { validSamples, type Samples } from '../../unit/contract/samples.ts';
import { startShell, valueOf, type Shell } from './shell-harness.ts';

/**
 * Every channel, 1,000 bad payloads each, derived from its schema: junk of every structured-clone
 * type, the valid sample with one field replaced by junk, with a key dropped, with an unknown key,
 * with overlong text or an out-of-range number. Each must be refused with `invalid-input`, and
 * nothing may change: no journal event, no request to Viva, no setting, no secret, no dialog, no
 * file, no link opened, no event sent to the window.
 */
const RUNS = 1_000;

let shell: Shell;
let samples: Samples;

beforeAll(async () => {
  shell = await startShell({ environment: 'production' });
  const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 1500, terminalId: '16000001' }));
  await shell.host.core().engine.settled(sale.sessionId);
  samples = validSamples({ sessionId: sale.sessionId, approvedSaleId: sale.sessionId, terminalId: '16000001' });
});
afterAll(() => shell.close());

const junk = fc.anything({
  maxDepth: 2,
  maxKeys: 4,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
  withObjectString: true,
});

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : null;
}

function badPayloads(name: ChannelName): fc.Arbitrary<unknown> {
  const schema = channels[name].input as z.ZodType;
  const sample = samples[name] as Record<string, unknown> | undefined;
  const keys = Object.keys(objectShape(schema) ?? {});
  const options: fc.Arbitrary<unknown>[] = [
    junk,
    fc.constantFrom<unknown>(null, '', 0, -1, true, [], [sample], 'DROP TABLE sessions', JSON.parse('{"__proto__":{"polluted":true}}')),
  ];
  if (sample && keys.length > 0) {
    const key = fc.constantFrom(...keys);
    options.push(
      fc.tuple(key, junk).map(([k, value]) => ({ ...sample, [k]: value })),
      key.map((k) => Object.fromEntries(Object.entries(sample).filter(([name]) => name !== k))),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), junk).map(([k, value]) => ({ ...sample, [k]: value })),
      fc.tuple(key, fc.string({ minLength: 2049, maxLength: 2100 })).map(([k, text]) => ({ ...sample, [k]: text })),
      fc.tuple(key, fc.constantFrom(-1, 0, 1.5, Number.NaN, Infinity, -Infinity, 2 ** 53, 100_000_000)).map(([k, n]) => ({ ...sample, [k]: n })),
    );
  }
  return fc.oneof(...options).filter((payload) => !schema.safeParse(payload).success);
}

async function snapshot() {
  return {
    head: shell.host.journal().head(),
    settings: shell.settings.read(),
    secrets: (shell.secrets as unknown as { snapshot(): unknown }).snapshot(),
    vivaSessions: shell.viva.control.sessions().length,
    dialogs: shell.dialogs.calls.length,
    written: shell.written.size,
    opened: shell.opened.length,
    events: shell.events.length,
    status: shell.host.status(),
  };
}

describe('fuzzed bad payloads', () => {
  it('covers every channel', () => {
    expect(Object.keys(samples).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it.each(CHANNEL_NAMES)('%s refuses 1,000 bad payloads with a typed error and changes nothing', async (name) => {
    const before = await snapshot();
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(badPayloads(name), async (payload) => {
        calls += 1;
        const result = await shell.raw(name, payload);
        return !result.ok && result.error.code === 'invalid-input' && typeof result.error.message === 'string';
      }),
      { numRuns: RUNS },
    );
    expect(calls).toBeGreaterThanOrEqual(RUNS);
    expect(await snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/**
 * Hostile inputs a shape-only schema let through (issue 9 item 8), sent as the renderer would
 * (through a structured clone) to the real handlers over a real core and the simulator: each is
 * refused with a typed error and changes nothing, or, at the edge of what is allowed, is stored
 * as given and adds only its own session.
 */
describe('hostile payloads that look valid', () => {
  const ESC = '\u001b';
  const refusedInputs: [ChannelName, unknown][] = [
    ['startSale', { amount: 1250, terminalId: '16000002', merchantReference: `${ESC}[2J${ESC}[31mREF` }],
    ['startSale', { amount: 1250, terminalId: '16000002', customerTrns: 'coffee\u0085tea' }],
    ['startSale', { amount: 1250, terminalId: '16000002', merchantReference: 'invoice \u202Egpj.exe' }],
    ['startSale', { amount: 1250, terminalId: '16000002', merchantReference: 'x'.repeat(201) }],
    ['startSale', { amount: 99_999_999, tipAmount: 1, terminalId: '16000002' }],
    ['startSale', { amount: 99_999_998, tipAmount: 99_999_998, terminalId: '16000002' }],
    ['startSale', { amount: 1250, terminalId: '16000001\u0000' }],
    ['startSale', { amount: 1250, terminalId: '..' }],
    ['sessionStatus', { sessionId: '..' }],
    ['checkAgain', { sessionId: '../../x' }],
    ['abortSession', { sessionId: '%2e%2e' }],
    ['resolveSession', { sessionId: 'a', outcome: 'declined', reason: `ok${ESC}]0;pwned\u0007`, operator: 'Ann' }],
    ['resolveSession', { sessionId: 'a', outcome: 'declined', reason: 'slip', operator: 'Ann\u2066' }],
  ];

  it.each(refusedInputs.map(([name, input], i) => [i, name, input] as const))('#%i %s is refused with a typed error and changes nothing', async (_i, name, input) => {
    const before = await snapshot();
    const headBefore = shell.host.core().journal.head();
    const result = await shell.raw(name, structuredClone(input));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-input');
    expect(shell.host.core().journal.head()).toEqual(headBefore);
    expect(await snapshot()).toEqual(before);
  });

  it('the largest reference and exactly the limit with a tip are stored as given, and add only their own session', async () => {
    const reference = 'R'.repeat(200);
    const headBefore = shell.host.core().journal.head();
    const result = await shell.raw('startSale', structuredClone({ amount: 99_999_899, tipAmount: 100, terminalId: '16000003', merchantReference: reference }));
    const record = valueOf<SessionRecord>(result);
    const final = await shell.host.core().engine.settled(record.sessionId);
    expect(final).toMatchObject({ merchantReference: reference, amount: 99_999_899, tipAmount: 100 });
    const events = shell.host.core().journal.eventsOf(record.sessionId);
    // Every event written since belongs to this session: nothing else in the journal changed.
    expect(shell.host.core().journal.head().events - headBefore.events).toBe(events.length);
  });
});
