// The one IPC router (STYLE 3, 4): every call arrives on one Electron channel, the sender is
// checked (the app's own origin, top-level frame: VS Code's validatedIpcMain), the argument is
// parsed against common/contract.ts, and the handler's outcome returns as a Result envelope.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { ChannelName } from '../../common/channels.ts';
import { IPC_CALL, IPC_CANCEL } from '../../common/channels.ts';
import { contract, type ChannelResult, type ParsedArgs } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';
import { AppError, toErrorInfo } from '../errors.ts';
import type { Logger } from '../log.ts';
import { describeFormIssues, describeIssues } from './describe-issues.ts';

export interface HandlerContext {
  /** Aborted when the renderer cancels the call or its window goes away. */
  signal: AbortSignal;
  sender: WebContents;
  /** The renderer's id for this call: events on its behalf (sync progress) carry it. */
  callId: string;
}

export type Handler<C extends ChannelName> = (
  args: ParsedArgs<C>,
  context: HandlerContext,
) => Promise<ChannelResult<C>> | ChannelResult<C>;

export type Handlers = { [C in ChannelName]: Handler<C> };

/** Decides whether a frame may talk to main. */
export type SenderPolicy = (frame: Pick<WebFrameMain, 'url' | 'parent'>) => boolean;

type AnyHandler = (args: unknown, context: HandlerContext) => unknown;

export class IpcRouter {
  readonly #ipcMain: IpcMain;
  readonly #isTrusted: SenderPolicy;
  readonly #log: Logger;
  readonly #handlers = new Map<string, AnyHandler>();
  readonly #inFlight = new Map<string, AbortController>();

  constructor(ipcMain: IpcMain, isTrusted: SenderPolicy, log: Logger) {
    this.#ipcMain = ipcMain;
    this.#isTrusted = isTrusted;
    this.#log = log;
    ipcMain.handle(IPC_CALL, (event, request) => this.#dispatch(event, request));
    ipcMain.on(IPC_CANCEL, this.#cancel);
  }

  /** Registers every channel of the contract at once, so that none can be forgotten. */
  handleAll(handlers: Handlers): void {
    for (const [channel, handler] of Object.entries(handlers)) this.#handlers.set(channel, handler as AnyHandler);
  }

  dispose(): void {
    this.#ipcMain.removeHandler(IPC_CALL);
    this.#ipcMain.removeListener(IPC_CANCEL, this.#cancel);
    for (const controller of this.#inFlight.values()) controller.abort();
    this.#inFlight.clear();
  }

  async #dispatch(event: IpcMainInvokeEvent, request: unknown): Promise<Result<unknown>> {
    const frame = event.senderFrame;
    if (!frame || !this.#isTrusted(frame)) {
      this.#log.warn('ipc call refused: untrusted sender', { url: frame?.url ?? null });
      return { ok: false, error: { code: 'invalid_sender', message: 'This window may not call Roster.' } };
    }
    if (!isCallRequest(request)) {
      return { ok: false, error: { code: 'invalid_argument', message: 'The call is malformed.' } };
    }
    const { channel, args, requestId } = request;
    const handler = this.#handlers.get(channel);
    const spec = Object.hasOwn(contract, channel) ? contract[channel as ChannelName] : undefined;
    if (!handler || !spec) {
      return { ok: false, error: { code: 'unknown_channel', message: `There is no channel named "${channel}".` } };
    }
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'invalid_argument',
          message:
            (channel.startsWith('tenants:') ? describeFormIssues(parsed.error.issues) : null) ??
            `Invalid argument for ${channel}: ${describeIssues(parsed.error.issues)}`,
        },
      };
    }
    const key = `${event.sender.id}:${requestId}`;
    const controller = new AbortController();
    this.#inFlight.set(key, controller);
    const started = performance.now();
    try {
      const value = await handler(parsed.data, { signal: controller.signal, sender: event.sender, callId: requestId });
      return { ok: true, value };
    } catch (error) {
      const info = controller.signal.aborted
        ? { code: 'cancelled' as const, message: 'The call was cancelled.' }
        : toErrorInfo(error);
      if (!(error instanceof AppError) && !controller.signal.aborted) {
        this.#log.error('ipc handler failed', { channel, error });
      }
      return { ok: false, error: info };
    } finally {
      this.#inFlight.delete(key);
      this.#log.debug('ipc call', { channel, ms: Math.round(performance.now() - started) });
    }
  }

  readonly #cancel = (event: IpcMainEvent, requestId: unknown): void => {
    if (typeof requestId !== 'string') return;
    this.#inFlight.get(`${event.sender.id}:${requestId}`)?.abort();
  };
}

function isCallRequest(value: unknown): value is { channel: string; args: unknown; requestId: string } {
  if (typeof value !== 'object' || value === null) return false;
  const request = value as Record<string, unknown>;
  return (
    typeof request.channel === 'string' &&
    typeof request.requestId === 'string' &&
    request.requestId.length <= 64 &&
    request.channel.length <= 64
  );
}
