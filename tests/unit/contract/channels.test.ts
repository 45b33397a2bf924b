import { describe, expect, expectTypeOf, it } from 'vitest';
import type { EcrApi } from '../../../electron/contract/api.ts';
import { CHANNEL_NAMES, channels, ipcChannel, isChannelName } from '../../../electron/contract/channels.ts';
import { failure, ok, type Result } from '../../../electron/contract/envelope.ts';
import { EVENT_NAMES, eventChannel, isEventName } from '../../../electron/contract/events.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { JOURNAL_ENVIRONMENTS } from '../../../electron/core/journal/index.ts';
import { MAX_AMOUNT_MINOR } from '../../../electron/domain/money-limits.ts';
import { ENVIRONMENTS } from '../../../electron/core/settings/index.ts';
import { PARSE_ONLY_SAMPLES } from './samples.ts';

describe('the channel table', () => {
  it('has a schema for every channel and unique ecr: IPC names', () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThanOrEqual(20);
    const ipcNames = CHANNEL_NAMES.map(ipcChannel);
    expect(new Set(ipcNames).size).toBe(CHANNEL_NAMES.length);
    for (const name of CHANNEL_NAMES) {
      expect(ipcChannel(name)).toBe(`ecr:${name}`);
      expect(typeof channels[name].input.safeParse).toBe('function');
    }
  });

  it('accepts the sample input of every channel', () => {
    expect(Object.keys(PARSE_ONLY_SAMPLES).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) {
      const parsed = channels[name].input.safeParse(PARSE_ONLY_SAMPLES[name]);
      expect(parsed.success, name).toBe(true);
    }
  });

  it('refuses unknown keys in every object input (strict objects)', () => {
    for (const name of CHANNEL_NAMES) {
      const sample = PARSE_ONLY_SAMPLES[name];
      const withExtra = { ...(sample ?? {}), sneaky: true };
      expect(channels[name].input.safeParse(withExtra).success, name).toBe(false);
    }
  });

  it('keeps the environments in step with the core', () => {
    expect([...ENVIRONMENTS]).toEqual([...JOURNAL_ENVIRONMENTS]);
  });

  it('refuses amounts that are not whole positive minor units', () => {
    const sale = channels.startSale.input;
    for (const amount of [0, -1, 12.5, MAX_AMOUNT_MINOR + 1, '1250', Number.NaN, Infinity]) {
      expect(sale.safeParse({ amount, terminalId: '16000001' }).success, String(amount)).toBe(false);
    }
    expect(sale.safeParse({ amount: 1, terminalId: '16000001' }).success).toBe(true);
  });

  it('takes maxInstalments on startSale as a whole number from 0 (none) to 99', () => {
    const sale = channels.startSale.input;
    for (const maxInstalments of [0, 3, 36, 99]) {
      expect(sale.safeParse({ amount: 100, maxInstalments }).success, String(maxInstalments)).toBe(true);
    }
    for (const maxInstalments of [-1, 100, 2.5, '3', null]) {
      expect(sale.safeParse({ amount: 100, maxInstalments }).success, String(maxInstalments)).toBe(false);
    }
  });

  it('asks setCredentials for at least one value', () => {
    expect(channels.setCredentials.input.safeParse({ environment: 'demo' }).success).toBe(false);
    expect(channels.setCredentials.input.safeParse({ environment: 'simulator', clientId: 'x' }).success).toBe(false);
    expect(channels.setCredentials.input.safeParse({ environment: 'production', clientSecret: 's' }).success).toBe(true);
  });

  it('recognises only its own names', () => {
    expect(isChannelName('startSale')).toBe(true);
    expect(isChannelName('toString')).toBe(false);
    expect(isChannelName('__proto__')).toBe(false);
    expect(isChannelName(42)).toBe(false);
  });
});

describe('events and envelopes', () => {
  it('names one IPC channel per event', () => {
    expect([...EVENT_NAMES].sort()).toEqual(['alert', 'attention', 'connectivity', 'exportProgress', 'session', 'status']);
    expect(EVENT_NAMES.map(eventChannel)).toEqual(EVENT_NAMES.map((name) => `ecr:event:${name}`));
    expect(isEventName('session')).toBe(true);
    expect(isEventName('constructor')).toBe(false);
  });

  it('builds envelopes, with fields only when there are some', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(failure('invalid-input', 'bad')).toEqual({ ok: false, error: { code: 'invalid-input', message: 'bad' } });
    expect(failure('invalid-input', 'bad', [{ path: 'amount', message: 'too big' }]).ok).toBe(false);
  });
});

describe('the type of window.ecr', () => {
  it('is derived from the table', () => {
    expectTypeOf<EcrApi['startSale']>().parameter(0).toHaveProperty('amount');
    expectTypeOf<ReturnType<EcrApi['startSale']>>().toEqualTypeOf<Promise<Result<SessionRecord>>>();
    expectTypeOf<EcrApi['getStatus']>().toBeCallableWith();
    expectTypeOf<EcrApi['searchDevices']>().toBeCallableWith();
    // Type-checked, never run: each event's callback gets that event's payload.
    const subscribe = (api: EcrApi) => api.on('session', (record) => expectTypeOf(record).toEqualTypeOf<SessionRecord>());
    expect(typeof subscribe).toBe('function');
  });
});
