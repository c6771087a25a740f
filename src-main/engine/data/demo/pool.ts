// Runs async work over a list with a fixed number in flight: enough to keep sharp's encoder
// threads busy while JS renders the next image, without queueing thousands of buffers.
import { throwIfAborted } from '../../../../src-shared/errors.ts';

export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        throwIfAborted(signal);
        await work(items[index], index);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  // Every worker settles before we report, so nothing still writes after a failure or cancel.
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw failure;
}
