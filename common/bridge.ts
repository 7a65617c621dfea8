// The shape of `window.roster`, the only thing the preload exposes to the renderer. Everything
// crossing it must survive Electron's contextBridge (structured clone, functions proxied), so
// cancellation travels as a call id, never as an AbortSignal.
import type { ChannelName, EventName } from './channels.ts';
import type { ChannelArgs, ChannelResult, EventPayload } from './contract.ts';
import type { Result } from './result.ts';

export interface RosterBridge {
  /** Calls a channel of common/contract.ts. `callId` (unique per window) makes it cancellable. */
  call<C extends ChannelName>(channel: C, args: ChannelArgs<C>, callId?: string): Promise<Result<ChannelResult<C>>>;
  /** Cancels the call with that id: main aborts its handler and any request it has under way. */
  cancel(callId: string): void;
  /** Subscribes to a pushed event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What travels over the one Electron IPC channel. */
export interface CallRequest {
  channel: string;
  args: unknown;
  requestId: string;
}
