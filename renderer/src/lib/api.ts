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
  options: { signal?: AbortSignal } = {},
): Promise<Result<ChannelResult<C>>> {
  const { signal } = options;
  if (signal?.aborted) return { ok: false, error: { code: 'cancelled', message: 'The call was cancelled.' } };
  const callId = `c${++nextCall}`;
  const cancel = () => bridge.cancel(callId);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await bridge.call(channel, args, callId);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

export const on: RosterBridge['on'] = (event, listener) => bridge.on(event, listener);
