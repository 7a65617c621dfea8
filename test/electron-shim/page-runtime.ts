// Runs in the page as part of an init script, before any page script, and only in the top-level
// frame (Electron runs a preload there alone unless nodeIntegrationInSubFrames is on). It gives
// the preload what a sandboxed Electron preload has: `require('electron')` with contextBridge and
// ipcRenderer, a small `process`, and its own scope. It must stay self-contained: it is sent to
// the page as source text.

export interface PageRuntimeConfig {
  bindingName: string;
  dispatchName: string;
  /** The key of a reply carried as JSON text. */
  jsonReplyKey: string;
  process: { platform: string; versions: Record<string, string>; env: Record<string, string> };
}

type Listener = (event: unknown, ...args: unknown[]) => void;
type Binding = (kind: 'invoke' | 'send', channel: string, args: unknown[]) => Promise<unknown>;

export function pageRuntime(config: PageRuntimeConfig) {
  if (window !== window.top) return null;
  const scope = window as unknown as Record<string, unknown>;
  const binding = scope[config.bindingName] as Binding;
  // The page itself must not reach the raw IPC binding: only the preload holds it.
  delete scope[config.bindingName];

  const listeners = new Map<string, Set<Listener>>();

  // Electron's contextBridge copies values between worlds: plain data is cloned, functions and
  // promises are proxied, anything structured clone refuses (an AbortSignal, say) throws.
  const cross = (value: unknown): unknown => {
    if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => cross(fn(...args.map(cross)));
    }
    if (value instanceof Promise) return value.then(cross, (error: unknown) => Promise.reject(cross(error)));
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Error) return new Error(value.message);
    if (Array.isArray(value)) return value.map(cross);
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = cross(item);
      return copy;
    }
    try {
      return structuredClone(value);
    } catch {
      throw new Error('An object could not be cloned.');
    }
  };

  const ipcRenderer = {
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      // A plain-JSON reply arrives as one JSON text (web-contents.ts, encodeReply).
      return binding('invoke', channel, structuredClone(args)).then((reply) => {
        const text =
          reply !== null && typeof reply === 'object'
            ? (reply as Record<string, unknown>)[config.jsonReplyKey]
            : undefined;
        return typeof text === 'string' ? JSON.parse(text) : reply;
      });
    },
    send(channel: string, ...args: unknown[]): void {
      void binding('send', channel, structuredClone(args));
    },
    on(channel: string, listener: Listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };

  Object.defineProperty(window, config.dispatchName, {
    enumerable: false,
    configurable: false,
    writable: false,
    value: (channel: string, args: unknown[]) => {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: ipcRenderer }, ...structuredClone(args));
    },
  });

  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      const value = cross(api);
      if (value && typeof value === 'object') Object.freeze(value);
      Object.defineProperty(window, key, { value, enumerable: true, configurable: false, writable: false });
    },
  };

  const module = { exports: {} as unknown };
  const require = (name: string) => {
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`module not found: ${name} (a sandboxed preload can only require "electron")`);
  };
  return { require, module, process: Object.freeze({ ...config.process }) };
}

/** The init script: the runtime, then the preload's own code inside a function scope. */
export function buildInitScript(preloadSource: string, config: PageRuntimeConfig): string {
  return `(() => {
  const runtime = (${pageRuntime.toString()})(${JSON.stringify(config)});
  if (!runtime) return;
  (function (require, module, exports, process) {
${preloadSource}
  })(runtime.require, runtime.module, runtime.module.exports, runtime.process);
})();`;
}
