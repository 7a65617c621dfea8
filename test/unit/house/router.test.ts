import { describe, expect, it } from 'vitest';
import { IPC_CALL, IPC_CANCEL } from '../../../common/channels.ts';
import { AppError } from '../../../main/errors.ts';
import { IpcRouter, type Handlers } from '../../../main/ipc/router.ts';
import { createSenderPolicy } from '../../../main/ipc/sender-policy.ts';
import { silentLogger } from '../../../main/log.ts';
import { IpcMainShim } from '../../electron-shim/ipc-main.ts';

const appFrame = { url: 'app://roster/index.html', parent: null };
const sender = { id: 7 };

function setup(handlers: Partial<Handlers>) {
  const ipcMain = new IpcMainShim();
  const router = new IpcRouter(ipcMain as never, createSenderPolicy(), silentLogger);
  router.handleAll(handlers as Handlers);
  const invoke = (request: unknown, frame: unknown = appFrame) =>
    ipcMain.invoke(IPC_CALL, { sender, senderFrame: frame }, [request]);
  return { ipcMain, router, invoke };
}

const info = {
  name: 'Roster',
  version: '1',
  platform: 'linux',
  arch: 'x64',
  versions: { electron: '45', chrome: '1', node: '24' },
};

describe('IpcRouter', () => {
  it('answers a valid call from the app frame with an ok envelope', async () => {
    const { invoke } = setup({ 'app:info': () => info });
    expect(await invoke({ channel: 'app:info', args: {}, requestId: 'a' })).toEqual({ ok: true, value: info });
  });

  it('refuses other origins, subframes and missing frames before parsing anything', async () => {
    let calls = 0;
    const { invoke } = setup({ 'app:info': () => (calls++, info) });
    const request = { channel: 'app:info', args: {}, requestId: 'a' };
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://roster/index.html', parent: appFrame },
      { url: 'file:///index.html', parent: null },
      null,
    ]) {
      expect(await invoke(request, frame)).toMatchObject({ ok: false, error: { code: 'invalid_sender' } });
    }
    expect(calls).toBe(0);
  });

  it('refuses malformed calls, unknown channels and bad arguments without calling a handler', async () => {
    let calls = 0;
    const { invoke } = setup({ 'app:info': () => (calls++, info) });
    expect(await invoke('nonsense')).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await invoke({ channel: 'app:info', args: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(await invoke({ channel: '__proto__', args: {}, requestId: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await invoke({ channel: 'toString', args: {}, requestId: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    const bad = await invoke({ channel: 'app:info', args: { extra: true }, requestId: 'a' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(calls).toBe(0);
  });

  it('sends errors field by field, and hides internal errors', async () => {
    const secretError = Object.assign(
      new AppError('api_error', 'The tenant said no.', { status: 418, auth0ErrorCode: 'teapot' }),
      {
        headers: { authorization: 'Bearer canary' },
      },
    );
    const { invoke } = setup({
      'app:info': () => {
        throw secretError;
      },
      'app:open-external': () => {
        throw new Error('internal detail with Bearer canary');
      },
    });
    const appError = await invoke({ channel: 'app:info', args: {}, requestId: 'a' });
    expect(appError).toEqual({
      ok: false,
      error: { code: 'api_error', message: 'The tenant said no.', status: 418, auth0ErrorCode: 'teapot' },
    });
    const internal = await invoke({
      channel: 'app:open-external',
      args: { url: 'https://auth0.com/' },
      requestId: 'b',
    });
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('canary');
  });

  it('aborts the handler signal when the renderer cancels, and reports cancelled', async () => {
    let seen: AbortSignal | undefined;
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const { ipcMain, invoke } = setup({
      'app:info': (_args, { signal }) =>
        new Promise((_resolve, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(new Error('aborted')));
          started();
        }),
    });
    const pending = invoke({ channel: 'app:info', args: {}, requestId: 'slow' });
    await handlerStarted;
    ipcMain.emit(IPC_CANCEL, { sender: { id: 99 } }, 'slow');
    expect(seen?.aborted).toBe(false);
    ipcMain.emit(IPC_CANCEL, { sender }, 'slow');
    expect(await pending).toEqual({ ok: false, error: { code: 'cancelled', message: 'The call was cancelled.' } });
    expect(seen?.aborted).toBe(true);
  });

  it('releases its Electron handlers on dispose', async () => {
    const { router, invoke, ipcMain } = setup({ 'app:info': () => info });
    router.dispose();
    await expect(invoke({ channel: 'app:info', args: {}, requestId: 'a' })).rejects.toThrow(/No handler registered/);
    expect(ipcMain.listenerCount(IPC_CANCEL)).toBe(0);
  });
});
