// Cancellation: an IPC call can be aborted from the renderer (main/ipc/router.ts gives each call
// an AbortSignal), and every wait and request on its behalf must stop with `cancelled`.
import { AppError } from '../errors.ts';

export function cancelledError(): AppError {
  return new AppError('cancelled', 'The call was cancelled.');
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** Races a shared promise against one caller's signal, leaving the promise running for the others. */
export function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(cancelledError());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
