// Thumbnails for grids and strips: an LRU of data URLs plus a small request queue. The queue is
// last-in-first-out so after a fast scroll the tiles now on screen load before the ones scrolled
// past, and requests whose tiles unmounted are dropped before they reach the backend.
import type { Thumbnail } from '../../../src-shared/api.ts';

type Fetcher = (sampleId: number, size: number) => Promise<Thumbnail>;

interface Waiter {
  resolve(url: string): void;
  reject(e: unknown): void;
  signal?: AbortSignal;
}

interface Task {
  key: string;
  sampleId: number;
  size: number;
  waiters: Waiter[];
  started: boolean;
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortError';
  }
}

export class ThumbCache {
  private cache = new Map<string, string>();
  private tasks = new Map<string, Task>();
  private queue: Task[] = [];
  private running = 0;

  constructor(
    private fetcher: Fetcher,
    readonly capacity = 2000,
    readonly concurrency = 6,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  /** Cached data URL, refreshed as most recently used. */
  peek(sampleId: number, size: number): string | undefined {
    const key = `${sampleId}@${size}`;
    const url = this.cache.get(key);
    if (url !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, url);
    }
    return url;
  }

  load(sampleId: number, size: number, signal?: AbortSignal): Promise<string> {
    const hit = this.peek(sampleId, size);
    if (hit !== undefined) return Promise.resolve(hit);
    if (signal?.aborted) return Promise.reject(new AbortedError());
    const key = `${sampleId}@${size}`;
    return new Promise<string>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      let task = this.tasks.get(key);
      if (!task) {
        task = { key, sampleId, size, waiters: [], started: false };
        this.tasks.set(key, task);
        this.queue.push(task);
      } else if (!task.started) {
        // Asked again: move it to the front of the LIFO queue.
        this.queue.splice(this.queue.indexOf(task), 1);
        this.queue.push(task);
      }
      task.waiters.push(waiter);
      const t = task;
      signal?.addEventListener(
        'abort',
        () => {
          const i = t.waiters.indexOf(waiter);
          if (i < 0) return;
          t.waiters.splice(i, 1);
          reject(new AbortedError());
          if (!t.started && t.waiters.length === 0) {
            this.queue.splice(this.queue.indexOf(t), 1);
            this.tasks.delete(t.key);
          }
        },
        { once: true },
      );
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const task = this.queue.pop()!;
      task.started = true;
      this.running++;
      this.fetcher(task.sampleId, task.size)
        .then((t) => {
          const url = `data:${t.mime};base64,${t.base64}`;
          this.store(task.key, url);
          for (const w of task.waiters) w.resolve(url);
        })
        .catch((e) => {
          for (const w of task.waiters) w.reject(e);
        })
        .finally(() => {
          this.tasks.delete(task.key);
          this.running--;
          this.pump();
        });
    }
  }

  private store(key: string, url: string): void {
    this.cache.delete(key);
    this.cache.set(key, url);
    while (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }
}
