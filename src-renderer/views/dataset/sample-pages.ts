// Page-wise loading of samples for the virtualized grid: only the pages that cover the rows on
// screen are requested, each once, and answers for an old filter are ignored.
import type { SamplePage, SampleQuery, SampleRow } from '../../../src-shared/api.ts';

export const PAGE_SIZE = 200;

export type PageFetcher = (q: SampleQuery) => Promise<SamplePage>;

export class SamplePages {
  private pages = new Map<number, SampleRow[]>();
  private pending = new Set<number>();
  private generation = 0;

  constructor(
    private fetch: PageFetcher,
    private onChange: () => void,
    private onTotal: (total: number) => void,
    private onError: (e: unknown) => void,
  ) {}

  private query: Omit<SampleQuery, 'offset' | 'limit'> | null = null;

  /** New filter: forget everything and load the first page. */
  reset(query: Omit<SampleQuery, 'offset' | 'limit'>): void {
    this.generation++;
    this.query = query;
    this.pages.clear();
    this.pending.clear();
    this.load(0);
  }

  get(index: number): SampleRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Make sure the rows [start, end) are loaded or loading. */
  ensure(start: number, end: number): void {
    if (end <= start) return;
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor((end - 1) / PAGE_SIZE); p++) this.load(p);
  }

  private load(page: number): void {
    if (!this.query || this.pages.has(page) || this.pending.has(page)) return;
    const gen = this.generation;
    this.pending.add(page);
    this.fetch({ ...this.query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (res) => {
        if (gen !== this.generation) return;
        this.pending.delete(page);
        this.pages.set(page, res.rows);
        this.onTotal(res.total);
        this.onChange();
      },
      (e) => {
        if (gen !== this.generation) return;
        this.pending.delete(page);
        this.onError(e);
      },
    );
  }
}
