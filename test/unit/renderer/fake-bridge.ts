// A stand-in for the preload's `window.roster` in renderer tests: channels answer from handlers
// the test sets, every call is recorded, and events can be pushed.
import { projectUser, type User } from '../../../common/auth0.ts';
import type { RosterBridge } from '../../../common/bridge.ts';
import type { ChannelName, EventName } from '../../../common/channels.ts';
import type { ChannelArgs, ChannelResult, EventPayload } from '../../../common/contract.ts';
import type { Result } from '../../../common/result.ts';
import type { UsersListPage } from '../../../common/sync.ts';

type Handler<C extends ChannelName> = (
  args: ChannelArgs<C>,
) => Result<ChannelResult<C>> | Promise<Result<ChannelResult<C>>>;

export class FakeBridge implements RosterBridge {
  calls: { channel: ChannelName; args: unknown }[] = [];
  cancelled: string[] = [];
  #handlers: Partial<Record<ChannelName, Handler<ChannelName>>> = {};
  #listeners: Record<string, ((payload: unknown) => void)[] | undefined> = {};

  handle<C extends ChannelName>(channel: C, handler: Handler<C>): void {
    this.#handlers[channel] = handler as unknown as Handler<ChannelName>;
  }

  reset(): void {
    this.calls = [];
    this.cancelled = [];
    this.#handlers = {};
  }

  callsOf<C extends ChannelName>(channel: C): ChannelArgs<C>[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.args as ChannelArgs<C>);
  }

  async call<C extends ChannelName>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelResult<C>>> {
    this.calls.push({ channel, args });
    const handler = this.#handlers[channel] as Handler<C> | undefined;
    if (!handler) return { ok: false, error: { code: 'not_found', message: `No fake for ${channel}` } };
    return handler(args);
  }

  cancel(callId: string): void {
    this.cancelled.push(callId);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const listeners: ((payload: unknown) => void)[] = (this.#listeners[event] ??= []);
    const untyped = listener as (payload: unknown) => void;
    listeners.push(untyped);
    return () => void listeners.splice(listeners.indexOf(untyped), 1);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners[event] ?? []) listener(payload);
  }
}

export const bridge = new FakeBridge();

/** `count` users, user i created i minutes after 2020-01-01, every tenth blocked. */
export function makeUsers(count: number): User[] {
  return Array.from({ length: count }, (_, index) => ({
    user_id: `auth0|${String(index).padStart(24, '0')}`,
    email: `user${index}@example.com`,
    email_verified: index % 3 !== 0,
    name: `User ${index}`,
    nickname: `user${index}`,
    created_at: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString(),
    updated_at: new Date(Date.UTC(2021, 0, 1)).toISOString(),
    logins_count: index % 50,
    blocked: index % 10 === 0,
    identities: [
      { connection: 'Username-Password-Authentication', provider: 'auth0', user_id: String(index), isSocial: false },
    ],
    app_metadata: { plan: index % 2 ? 'gold' : 'free' },
  })) as User[];
}

/** Answers `users:list` from `users` in order (no search), from `source`, as main would page and project it. */
export function serveUsers(users: User[], source: 'api' | 'cache' = 'cache'): void {
  bridge.handle('users:list', (args): Result<UsersListPage> => {
    const page = args.page ?? 0;
    const perPage = args.per_page ?? 50;
    const slice = users
      .slice(page * perPage, (page + 1) * perPage)
      .map((user) => projectUser(user, args.fields, args.include_fields));
    return {
      ok: true,
      value: {
        start: page * perPage,
        limit: perPage,
        length: slice.length,
        total: users.length,
        users: slice,
        source,
        syncedAt: source === 'cache' ? '2026-12-01T10:00:00.000Z' : null,
        complete: true,
        cachedUsers: source === 'cache' ? users.length : 0,
      },
    };
  });
}
