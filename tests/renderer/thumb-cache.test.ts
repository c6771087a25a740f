import { describe, expect, it } from 'vitest';
import { ThumbCache } from '../../src-renderer/lib/stores/thumb-cache.ts';
import type { Thumbnail } from '../../src-shared/api.ts';

function deferredFetcher() {
  const calls: { id: number; resolve: (t: Thumbnail) => void }[] = [];
  const fetcher = (sampleId: number) => new Promise<Thumbnail>((resolve) => calls.push({ id: sampleId, resolve }));
  const answer = (i: number) => calls[i].resolve({ sampleId: calls[i].id, mime: 'image/png', base64: `B${calls[i].id}` });
  return { calls, fetcher, answer };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ThumbCache', () => {
  it('dedupes concurrent requests and serves repeats from the cache', async () => {
    const f = deferredFetcher();
    const cache = new ThumbCache(f.fetcher, 10, 2);
    const a = cache.load(1, 128);
    const b = cache.load(1, 128);
    expect(f.calls).toHaveLength(1);
    f.answer(0);
    expect(await a).toBe('data:image/png;base64,B1');
    expect(await b).toBe('data:image/png;base64,B1');
    expect(await cache.load(1, 128)).toBe('data:image/png;base64,B1');
    expect(f.calls).toHaveLength(1);
  });

  it('evicts the least recently used entry', async () => {
    let n = 0;
    const cache = new ThumbCache(async (id) => ({ sampleId: id, mime: 'image/png', base64: String(n++) }), 2, 4);
    await cache.load(1, 64);
    await cache.load(2, 64);
    cache.peek(1, 64); // 1 is now more recent than 2
    await cache.load(3, 64);
    expect(cache.size).toBe(2);
    expect(cache.peek(2, 64)).toBeUndefined();
    expect(cache.peek(1, 64)).toBeDefined();
  });

  it('limits concurrency, serves the newest request first, and drops aborted ones', async () => {
    const f = deferredFetcher();
    const cache = new ThumbCache(f.fetcher, 10, 1);
    const first = cache.load(1, 64);
    const ctrl = new AbortController();
    const aborted = cache.load(2, 64, ctrl.signal);
    const third = cache.load(3, 64);
    expect(f.calls.map((c) => c.id)).toEqual([1]);
    ctrl.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    f.answer(0);
    await first;
    await tick();
    // Sample 2 was aborted before it started, so the next fetch is 3.
    expect(f.calls.map((c) => c.id)).toEqual([1, 3]);
    f.answer(1);
    expect(await third).toBe('data:image/png;base64,B3');
  });
});
