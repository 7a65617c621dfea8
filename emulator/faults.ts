// Faults for tests, set at start or later (handle.setFaults, POST /__emulator/faults). They apply to
// every route but the control endpoints.

export interface Faults {
  /** Added before every answer. */
  latencyMs?: number;
  /** Share of requests (0..1) answered with `errorStatus` instead. */
  errorRate?: number;
  /** 500 or 503; default 503. */
  errorStatus?: 500 | 503;
  /** Share of requests (0..1) whose connection is reset without an answer. */
  resetRate?: number;
  /** The next N requests fail with `errorStatus`, whatever errorRate says (deterministic retry tests). */
  failNext?: number;
  /** Searches running longer than this answer 503 (Auth0: 2 s). 0 makes every search with `q` time out. */
  searchTimeLimitMs?: number;
  /** Only requests whose path starts with this are affected (e.g. `/api/v2/users`). */
  pathPrefix?: string;
}

export const DEFAULT_SEARCH_TIME_LIMIT_MS = 2000;

export type FaultAction = { kind: 'none' } | { kind: 'reset' } | { kind: 'error'; status: 500 | 503 };

const FAULT_KEYS = [
  'latencyMs',
  'errorRate',
  'errorStatus',
  'resetRate',
  'failNext',
  'searchTimeLimitMs',
  'pathPrefix',
];

/** Checks a faults object from the control endpoint; returns an error message or null. */
export function checkFaults(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'faults must be an object';
  for (const [key, entry] of Object.entries(value)) {
    if (!FAULT_KEYS.includes(key)) return `unknown fault: ${key}`;
    if (key === 'pathPrefix') {
      if (typeof entry !== 'string') return 'pathPrefix must be a string';
    } else if (key === 'errorStatus') {
      if (entry !== 500 && entry !== 503) return 'errorStatus must be 500 or 503';
    } else if (typeof entry !== 'number' || entry < 0 || ((key === 'errorRate' || key === 'resetRate') && entry > 1)) {
      return `${key} must be a non-negative number${key.endsWith('Rate') ? ' up to 1' : ''}`;
    }
  }
  return null;
}

export class FaultInjector {
  #faults: Faults;
  readonly #random: () => number;

  constructor(faults: Faults = {}, random: () => number = Math.random) {
    this.#faults = { ...faults };
    this.#random = random;
  }

  get faults(): Faults {
    return { ...this.#faults };
  }

  set(faults: Faults): void {
    this.#faults = { ...faults };
  }

  get searchTimeLimitMs(): number {
    return this.#faults.searchTimeLimitMs ?? DEFAULT_SEARCH_TIME_LIMIT_MS;
  }

  latencyFor(path: string): number {
    return this.#applies(path) ? (this.#faults.latencyMs ?? 0) : 0;
  }

  decide(path: string): FaultAction {
    if (!this.#applies(path)) return { kind: 'none' };
    const status = this.#faults.errorStatus ?? 503;
    if ((this.#faults.failNext ?? 0) > 0) {
      this.#faults.failNext = (this.#faults.failNext ?? 1) - 1;
      return { kind: 'error', status };
    }
    if ((this.#faults.resetRate ?? 0) > 0 && this.#random() < (this.#faults.resetRate ?? 0)) return { kind: 'reset' };
    if ((this.#faults.errorRate ?? 0) > 0 && this.#random() < (this.#faults.errorRate ?? 0))
      return { kind: 'error', status };
    return { kind: 'none' };
  }

  #applies(path: string): boolean {
    return this.#faults.pathPrefix === undefined || path.startsWith(this.#faults.pathPrefix);
  }
}
