// The bridge: exposes `window.roster` (common/bridge.ts) and nothing else. No ipcRenderer, no
// Node, no Electron object reaches the page (Electron security checklist: context isolation).
import { contextBridge, ipcRenderer } from 'electron';
import type { CallRequest, RosterBridge } from '../common/bridge.ts';
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
const ID = /^[A-Za-z0-9_-]{1,64}$/;
let nextRequest = 0;

function call(channel: ChannelName, args: unknown, callId?: string): Promise<Result<unknown>> {
  if (!channels.has(channel)) {
    return Promise.resolve({
      ok: false,
      error: { code: 'unknown_channel', message: `There is no channel named "${String(channel)}".` },
    });
  }
  const requestId = typeof callId === 'string' && ID.test(callId) ? callId : `auto-${++nextRequest}`;
  const request: CallRequest = { channel, args, requestId };
  return ipcRenderer.invoke(IPC_CALL, request) as Promise<Result<unknown>>;
}

function cancel(callId: string): void {
  if (typeof callId === 'string' && ID.test(callId)) ipcRenderer.send(IPC_CANCEL, callId);
}

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!eventNames.has(event)) throw new Error(`There is no event named "${String(event)}".`);
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  const subscribers = set;
  subscribers.add(listener);
  return () => void subscribers.delete(listener);
}

ipcRenderer.on(IPC_EVENT, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge = { call, cancel, on } as RosterBridge;
contextBridge.exposeInMainWorld('roster', bridge);
