// Whether each tenant can be reached (issue 8). A request that fails without an HTTP answer marks
// its tenant unreachable at once; from then on probes, spaced by a growing back-off, ask the
// tenant's host for anything at all, and the first answer (any status) brings it back. Every
// change is pushed to the window as `connectivity:changed`.
import type { ConnectivityChange } from '../../common/sync.ts';
import type { Clock } from '../auth0/clock.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';

/** Resolves true when the tenant's host answered (any HTTP status), false when it did not. */
export type Probe = (tenantId: string, signal: AbortSignal) => Promise<boolean>;

export interface ConnectivityDeps {
  clock: Clock;
  random: () => number;
  probe: Probe;
  /** The admin's "Work offline" for the tenant. */
  workOffline: (tenantId: string) => boolean;
  emit: (change: ConnectivityChange) => void;
  log: Logger;
}

export const FIRST_PROBE_MS = 1_000;
export const MAX_PROBE_MS = 60_000;

/** A failure that says nothing reached the tenant (as opposed to an answer that was an error). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'network' || error.code === 'timeout');
}

/** The wait before probe `attempt` (0-based): doubling from 1 s to 60 s, with ±20% jitter. */
export function probeDelayMs(attempt: number, random: () => number): number {
  const base = Math.min(MAX_PROBE_MS, FIRST_PROBE_MS * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class Connectivity {
  readonly #deps: ConnectivityDeps;
  /** Why each unreachable tenant is unreachable; absent = reachable. */
  readonly #unreachable = new Map<string, string>();
  readonly #probing = new Map<string, AbortController>();

  constructor(deps: ConnectivityDeps) {
    this.#deps = deps;
  }

  isReachable(tenantId: string): boolean {
    return !this.#unreachable.has(tenantId);
  }

  /** The admin's "Work offline" for the tenant. */
  worksOffline(tenantId: string): boolean {
    return this.#deps.workOffline(tenantId);
  }

  /** Reads go online: reachable and the admin has not chosen to work offline. */
  isOnline(tenantId: string): boolean {
    return this.isReachable(tenantId) && !this.#deps.workOffline(tenantId);
  }

  /** Why reads are from the cache, in words; null when online. */
  offlineReason(tenantId: string, tenantName: string): string | null {
    if (this.#deps.workOffline(tenantId)) return `You chose to work offline with ${tenantName}`;
    const reason = this.#unreachable.get(tenantId);
    return reason === undefined ? null : `${tenantName} is offline: ${reason}`;
  }

  /** A request got no answer: the tenant is offline until a probe reaches it. */
  reportFailure(tenantId: string, error: unknown): void {
    // The failure's first sentence (what happened); its advice does not fit inside another sentence.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.(\s[\s\S]*)?$/, '');
    const wasReachable = this.isReachable(tenantId);
    this.#unreachable.set(tenantId, shorten(reason));
    if (wasReachable) {
      this.#deps.log.warn('tenant unreachable', { tenantId, reason });
      this.notify(tenantId);
    }
    if (!this.#probing.has(tenantId)) void this.#probeUntilReachable(tenantId);
  }

  /** A request got an answer. */
  reportReachable(tenantId: string): void {
    this.#probing.get(tenantId)?.abort();
    this.#probing.delete(tenantId);
    if (this.#unreachable.delete(tenantId)) {
      this.#deps.log.info('tenant reachable again', { tenantId });
      this.notify(tenantId);
    }
  }

  /** Pushes the tenant's current state (also after "Work offline" changes). */
  notify(tenantId: string): void {
    const reachable = this.isReachable(tenantId);
    const workOffline = this.#deps.workOffline(tenantId);
    const reason = this.#unreachable.get(tenantId) ?? (workOffline ? 'You chose to work offline.' : undefined);
    this.#deps.emit({
      tenantId,
      online: reachable && !workOffline,
      reachable,
      workOffline,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /** The tenant is gone: stop probing it and forget its state. */
  forget(tenantId: string): void {
    this.#probing.get(tenantId)?.abort();
    this.#probing.delete(tenantId);
    this.#unreachable.delete(tenantId);
  }

  dispose(): void {
    for (const controller of this.#probing.values()) controller.abort();
    this.#probing.clear();
  }

  async #probeUntilReachable(tenantId: string): Promise<void> {
    const controller = new AbortController();
    this.#probing.set(tenantId, controller);
    const { clock, random, probe, log } = this.#deps;
    try {
      for (let attempt = 0; !controller.signal.aborted; attempt += 1) {
        await clock.sleep(probeDelayMs(attempt, random), controller.signal);
        if (await probe(tenantId, controller.signal).catch(() => false)) {
          if (this.#probing.get(tenantId) === controller) this.#probing.delete(tenantId);
          this.reportReachable(tenantId);
          return;
        }
        log.debug('probe failed', { tenantId, attempt });
      }
    } catch {
      // Cancelled: the tenant came back through a request, was forgotten, or the app is closing.
    } finally {
      if (this.#probing.get(tenantId) === controller) this.#probing.delete(tenantId);
    }
  }
}

function shorten(reason: string): string {
  return reason.length > 300 ? `${reason.slice(0, 297)}…` : reason;
}
