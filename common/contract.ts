// Every IPC channel once: its name, the schema main parses its argument with, and its result
// type. Main validates with these schemas; preload and renderer import types only.
import { z } from 'zod';
import type { AppInfo } from './app-info.ts';
import type { ChannelName, EventName } from './channels.ts';

export interface ChannelSpec<A extends z.ZodType, R> {
  args: A;
  /** Phantom: carries the result type, never set at run time. */
  result?: R;
}

/** `channel<Result>()(argsSchema)`: the result type is given, the argument type is inferred. */
function channel<R>() {
  return <A extends z.ZodType>(args: A): ChannelSpec<A, R> => ({ args });
}

const noArgs = z.strictObject({});

export const MENU_COMMANDS = [
  'tenant:add',
  'tenant:next',
  'tenant:previous',
  'tenant:switch-1',
  'tenant:switch-2',
  'tenant:switch-3',
  'tenant:switch-4',
  'tenant:switch-5',
  'tenant:switch-6',
  'tenant:switch-7',
  'tenant:switch-8',
  'tenant:switch-9',
  'search:focus',
  'about:show',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export const contract = {
  'app:info': channel<AppInfo>()(noArgs),
  'app:open-external': channel<void>()(z.strictObject({ url: z.string().max(2048) })),
} satisfies Record<ChannelName, ChannelSpec<z.ZodType, unknown>>;

export const events = {
  'menu:command': z.strictObject({ command: z.enum(MENU_COMMANDS) }),
} satisfies Record<EventName, z.ZodType>;

type Contract = typeof contract;
/** What the renderer passes. */
export type ChannelArgs<C extends ChannelName> = z.input<Contract[C]['args']>;
/** What a handler receives once the argument is parsed. */
export type ParsedArgs<C extends ChannelName> = z.output<Contract[C]['args']>;
export type ChannelResult<C extends ChannelName> = Exclude<Contract[C]['result'], undefined>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
