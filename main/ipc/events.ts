import type { WebContents } from 'electron';
import { IPC_EVENT, type EventName } from '../../common/channels.ts';
import type { EventPayload } from '../../common/contract.ts';

/** Pushes a contract event to one renderer (it arrives through window.roster.on). */
export function sendEvent<E extends EventName>(contents: WebContents, event: E, payload: EventPayload<E>): void {
  if (!contents.isDestroyed()) contents.send(IPC_EVENT, event, payload);
}
