// The schedule of the cache's background work (the posting build, the trigram builds): each step
// after the I/O callbacks already waiting, so that the main process answers its IPC calls between
// steps. Not unref'd: an unref'd immediate lets the event loop sleep in its poll phase until the
// next timer, stalling the work. The returned function cancels the step (close() and dispose()).
export type StepSchedule = (step: () => void) => () => void;

export function onNextTurn(step: () => void): () => void {
  const immediate = setImmediate(step);
  return () => clearImmediate(immediate);
}
