import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannel } from '../../../electron/contract/channels.ts';
import { buildEcrApi, type IpcRendererLike } from '../../../electron/preload/build-api.ts';

/** A stand-in for ipcRenderer: records invokes, and emits events the way Electron does (event object first). */
function fakeIpc(answer: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 'done' })) {
  const emitter = new EventEmitter();
  const calls: { channel: string; args: unknown[] }[] = [];
  const ipc: IpcRendererLike & { emitter: EventEmitter; calls: typeof calls } = {
    emitter,
    calls,
    invoke: (channel, ...args) => {
      calls.push({ channel, args });
      return answer(channel, args);
    },
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
  };
  return ipc;
}

describe('window.ecr, generated from the contract', () => {
  it('has exactly one function per channel, plus on, and cannot be changed', () => {
    const api = buildEcrApi(fakeIpc());
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards each call to its own IPC channel with the input alone', async () => {
    const ipc = fakeIpc();
    const api = buildEcrApi(ipc);
    await expect(api.startSale({ amount: 1250, terminalId: '16000001' })).resolves.toEqual({ ok: true, value: 'done' });
    await api.getStatus();
    expect(ipc.calls).toEqual([
      { channel: ipcChannel('startSale'), args: [{ amount: 1250, terminalId: '16000001' }] },
      { channel: ipcChannel('getStatus'), args: [] },
    ]);
  });

  it('turns a transport failure into an envelope instead of a rejection', async () => {
    const api = buildEcrApi(fakeIpc(async () => Promise.reject(new Error("No handler registered for 'ecr:getStatus'"))));
    const result = await api.getStatus();
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('delivers event payloads without the IPC event object, and unsubscribes', () => {
    const ipc = fakeIpc();
    const api = buildEcrApi(ipc);
    const received: unknown[][] = [];
    const off = api.on('session', (...args: unknown[]) => received.push(args));
    const ipcEvent = { sender: 'ipcRenderer itself', senderId: 0 };
    ipc.emitter.emit('ecr:event:session', ipcEvent, { sessionId: 'a' });
    expect(received).toEqual([[{ sessionId: 'a' }]]);
    off();
    off();
    ipc.emitter.emit('ecr:event:session', ipcEvent, { sessionId: 'b' });
    expect(received).toHaveLength(1);
    expect(ipc.emitter.listenerCount('ecr:event:session')).toBe(0);
  });

  it('refuses unknown events and non-function callbacks', () => {
    const api = buildEcrApi(fakeIpc());
    expect(() => api.on('ecr:startSale' as never, () => {})).toThrow(TypeError);
    expect(() => api.on('session', 'alert(1)' as never)).toThrow(TypeError);
  });
});
