import { throwIfAborted } from '../../../src-shared/errors.ts';

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping result order.
 * File checks over 200k rows must not open 200k handles at once (EMFILE), nor run one by one.
 * A signal stops new calls (CancelledError) between items.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      throwIfAborted(signal);
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  const workers: Promise<void>[] = [];
  for (let w = 0; w < Math.min(Math.max(1, limit), items.length); w++) workers.push(worker());
  await Promise.all(workers);
  return results;
}
