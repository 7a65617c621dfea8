// What one place shows for a user's picture, with the failures remembered in pictures.ts.
import { pictureToTry, rememberFailedPicture } from './pictures.ts';

/**
 * One place that shows a user's picture (a list cell, the profile header): the picture to show, or
 * null for initials. A failure stands for that picture only: the place can show another user next.
 */
export class Picture {
  #url: () => string | undefined;
  #failed = $state<string | null>(null);
  readonly src = $derived.by(() => {
    const url = this.#url();
    return url !== this.#failed ? pictureToTry(url) : null;
  });

  constructor(url: () => string | undefined) {
    this.#url = url;
  }

  /** The image's error handler. */
  readonly failed = (): void => {
    const url = this.#url();
    if (!url) return;
    rememberFailedPicture(url);
    this.#failed = url;
  };
}
