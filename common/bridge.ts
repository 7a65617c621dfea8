// The shape of `window.roster`, the only thing the preload exposes to the renderer.
import type { ChannelName, EventName } from './channels.ts';
import type { ChannelArgs, ChannelResult, EventPayload } from './contract.ts';
import type { Result } from './result.ts';

export interface CallOptions {
  /** Aborting cancels the call in main, and with it any request it has under way. */
  signal?: AbortSignal;
}

export interface RosterBridge {
  call<C extends ChannelName>(
    channel: C,
    args: ChannelArgs<C>,
    options?: CallOptions,
  ): Promise<Result<ChannelResult<C>>>;
  /** Subscribes to a pushed event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface CallRequest {
  channel: string;
  args: unknown;
  requestId: string;
}
