// The renderer's only way to main: the typed bridge the preload exposes, with cancellation by
// AbortSignal on this side of the bridge.
import type { RosterBridge } from '../../../common/bridge.ts';
import type { ChannelName } from '../../../common/channels.ts';
import type { ChannelArgs, ChannelResult } from '../../../common/contract.ts';
import type { Result } from '../../../common/result.ts';

declare global {
  interface Window {
    roster: RosterBridge;
  }
}

const bridge: RosterBridge = window.roster;
let nextCall = 0;

export async function call<C extends ChannelName>(
  channel: C,
  args: ChannelArgs<C>,
  options: { signal?: AbortSignal; callId?: string } = {},
): Promise<Result<ChannelResult<C>>> {
  const { signal } = options;
  if (signal?.aborted) return { ok: false, error: { code: 'cancelled', message: 'The call was cancelled.' } };
  const callId = options.callId ?? newCallId();
  const cancel = () => bridge.cancel(callId);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await bridge.call(channel, args, callId);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** A fresh call id: pass it to call() to recognize the events that call causes (sync progress). */
export function newCallId(): string {
  return `c${++nextCall}`;
}

export const on: RosterBridge['on'] = (event, listener) => bridge.on(event, listener);
