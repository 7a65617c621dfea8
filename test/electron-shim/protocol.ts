type Handler = (request: Request) => Response | Promise<Response>;

interface SchemeRecord {
  scheme: string;
  privileges?: Record<string, boolean>;
}

/** Electron's protocol module: the handlers the shim's request routing calls. */
export class ProtocolShim {
  readonly privileged: SchemeRecord[] = [];
  readonly handlers = new Map<string, Handler>();
  #ready = false;

  registerSchemesAsPrivileged(records: SchemeRecord[]): void {
    if (this.#ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...records);
  }

  handle(scheme: string, handler: Handler): void {
    if (!this.#ready) throw new Error('protocol.handle may only be called after the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    this.handlers.set(scheme, handler);
  }

  markReady(): void {
    this.#ready = true;
  }

  get customSchemes(): ReadonlySet<string> {
    return new Set(this.privileged.map((record) => record.scheme));
  }
}
