// The one notice model (issue 18): what an action did, said on the surface it was done on, and
// only while the context it was done in holds. A notice records its context (the tenant, the
// user, the tab, the search, the answer ...) when it is shown; once any part of that context
// changes it is gone, so "Copied 5 emails." cannot outlive its search, nor "Saved." reach another
// tab. A surface has one Notice: a new one replaces the last, so two never stack.

export type NoticeTone = 'ok' | 'info' | 'warning' | 'error';

interface Shown {
  text: string;
  tone: NoticeTone;
  /** Names the kind of outcome (its data-testid), e.g. `copy-outcome`. */
  key: string;
  context: readonly unknown[];
}

export class Notice {
  #shown = $state.raw<Shown | null>(null);
  // Not state: the notice seen out of its context once, so that going back (to the tab it was
  // shown on) does not bring an old outcome back as if it were new.
  #outlived: Shown | null = null;
  readonly #context: () => readonly unknown[];
  readonly #defaultKey: string;

  /** `context` reads the state the notice belongs to; compared part by part, by identity. */
  constructor(context: () => readonly unknown[], defaultKey = 'notice') {
    this.#context = context;
    this.#defaultKey = defaultKey;
  }

  /** The notice, while its context holds; null once the context moved on. */
  readonly current = $derived.by((): Omit<Shown, 'context'> | null => {
    const shown = this.#shown;
    if (!shown) return null;
    const now = this.#context();
    const same =
      now.length === shown.context.length && now.every((part, index) => Object.is(part, shown.context[index]));
    if (!same) this.#outlived = shown;
    return same && this.#outlived !== shown ? { text: shown.text, tone: shown.tone, key: shown.key } : null;
  });

  get text(): string | null {
    return this.current?.text ?? null;
  }

  /** Replaces whatever this surface said last. */
  show(text: string, options: { tone?: NoticeTone; key?: string } = {}): void {
    this.#shown = { text, tone: options.tone ?? 'ok', key: options.key ?? this.#defaultKey, context: this.#context() };
  }

  clear(): void {
    this.#shown = null;
  }
}
