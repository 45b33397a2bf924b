import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../electron/contract/channels.ts';

const exposed: { key: string; api: Record<string, unknown> }[] = [];
const invoked: { channel: string; args: unknown[] }[] = [];

// A stubbed electron module: the preload sees only contextBridge and ipcRenderer.
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }),
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, value: null };
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

describe('the preload', () => {
  it('exposes exactly one object, window.ecr, with one function per channel', async () => {
    await import('../../../electron/preload/index.ts');
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.key).toBe('ecr');
    expect(Object.keys(exposed[0]!.api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    await (exposed[0]!.api.sessionStatus as (input: unknown) => Promise<unknown>)({ sessionId: 'x' });
    expect(invoked).toEqual([{ channel: 'ecr:sessionStatus', args: [{ sessionId: 'x' }] }]);
  });
});
