// What one place shows for a user's picture: the address rule (common/pictures.ts), the tenant's
// "Load all pictures" setting, and the failures remembered in pictures.ts.
import { pictureNotice, pictureToTry, rememberFailedPicture } from './pictures.ts';
import { tenants } from './tenants.svelte.ts';

/**
 * One place that shows a user's picture (a list cell, the profile header): the picture to show, or
 * null for initials, and why not. A failure stands for that picture only: the place can show
 * another user next.
 */
export class Picture {
  #url: () => string | undefined;
  #loadAll: () => boolean;
  #failed = $state<string | null>(null);
  readonly verdict = $derived.by(() => {
    const url = this.#url();
    const verdict = pictureToTry(url, { loadAll: this.#loadAll() });
    return verdict.load && verdict.url === this.#failed ? ({ load: false, reason: 'failed' } as const) : verdict;
  });
  readonly src = $derived(this.verdict.load ? this.verdict.url : null);
  /** The initials' tooltip: which host a picture was not loaded from, and why. */
  readonly notice = $derived(pictureNotice(this.verdict));

  constructor(url: () => string | undefined, loadAll = () => tenants.selected?.loadAllPictures === true) {
    this.#url = url;
    this.#loadAll = loadAll;
  }

  /**
   * The image's error handler. It fires whenever the request ends, possibly after the place was
   * recycled for another user or taken away (fast scrolling, issue 18): so it records the address
   * the element itself was loading and never reads the place's user.
   */
  readonly failed = (event: Event): void => {
    const url = (event.currentTarget as HTMLImageElement | null)?.getAttribute('src');
    if (!url) return;
    rememberFailedPicture(url);
    this.#failed = url;
  };
}
