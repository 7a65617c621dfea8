// The bridge: exposes `window.roster` (common/bridge.ts) and nothing else. No ipcRenderer, no
// Node, no Electron objects reach the page (Electron security checklist: context isolation).
import { contextBridge, ipcRenderer } from 'electron';
import type { CallOptions, CallRequest, RosterBridge } from '../common/bridge.ts';
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  IPC_CALL,
  IPC_CANCEL,
  IPC_EVENT,
  type ChannelName,
  type EventName,
} from '../common/channels.ts';
import type { Result } from '../common/result.ts';

const channels = new Set<string>(CHANNEL_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextRequest = 0;

function refused(code: 'unknown_channel' | 'cancelled', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

async function call(channel: ChannelName, args: unknown, options?: CallOptions): Promise<Result<unknown>> {
  if (!channels.has(channel)) return refused('unknown_channel', `There is no channel named "${String(channel)}".`);
  const signal = options?.signal;
  if (signal?.aborted) return refused('cancelled', 'The call was cancelled before it started.');
  const request: CallRequest = { channel, args, requestId: `r${++nextRequest}` };
  const cancel = () => ipcRenderer.send(IPC_CANCEL, request.requestId);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return (await ipcRenderer.invoke(IPC_CALL, request)) as Result<unknown>;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!eventNames.has(event)) throw new Error(`There is no event named "${String(event)}".`);
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  const wrapped = (payload: unknown) => listener(payload);
  set.add(wrapped);
  return () => void set.delete(wrapped);
}

ipcRenderer.on(IPC_EVENT, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge = { call, on } as RosterBridge;
contextBridge.exposeInMainWorld('roster', bridge);
