import './helpers/dom.ts';
import { describe, expect, it } from 'vitest';
import { createRawSnippet } from 'svelte';
import { render, screen } from '@testing-library/svelte';
import VirtualGrid from '../../src-renderer/lib/components/VirtualGrid.svelte';
import { columnsFor, gridWindow } from '../../src-renderer/lib/components/virtual-window.ts';

describe('gridWindow', () => {
  it('covers the viewport plus overscan and no more', () => {
    const w = gridWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 100, columns: 8, total: 100_000, overscan: 2 });
    expect(w.rows).toBe(12_500);
    expect(w.firstRow).toBe(0);
    expect(w.lastRow).toBe(11); // 7 visible + 4 overscan
    expect([w.start, w.end]).toEqual([0, 88]);
  });

  it('follows the scroll position and clamps at the end', () => {
    const mid = gridWindow({ scrollTop: 50_000, viewportHeight: 600, rowHeight: 100, columns: 8, total: 100_000, overscan: 2 });
    expect(mid.firstRow).toBe(498);
    expect(mid.start).toBe(498 * 8);
    const end = gridWindow({ scrollTop: 10_000_000, viewportHeight: 600, rowHeight: 100, columns: 8, total: 100_000, overscan: 2 });
    expect(end.end).toBe(100_000);
    expect(end.lastRow).toBe(12_500);
    const empty = gridWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 100, columns: 8, total: 0, overscan: 2 });
    expect([empty.start, empty.end]).toEqual([0, 0]);
  });

  it('fits as many columns as the width allows', () => {
    expect(columnsFor(960, 132, 10)).toBe(6);
    expect(columnsFor(50, 132, 10)).toBe(1);
  });
});

describe('VirtualGrid', () => {
  it('renders only a window of 100k items and reports the range', () => {
    const ranges: [number, number][] = [];
    const item = createRawSnippet((i: () => number) => ({ render: () => `<span class="it">${i()}</span>` }));
    render(VirtualGrid, {
      total: 100_000,
      itemWidth: 100,
      itemHeight: 100,
      gap: 0,
      overscan: 1,
      fallbackSize: { width: 800, height: 400 },
      item,
      onrange: (s: number, e: number) => ranges.push([s, e]),
      testid: 'grid',
    });
    const rendered = document.querySelectorAll('.it');
    // 8 columns x (4 visible + 1 + 2 overscan) rows.
    expect(rendered.length).toBe(8 * 7);
    expect(rendered.length).toBeLessThan(100);
    expect(rendered[0].textContent).toBe('0');
    expect(ranges.at(-1)).toEqual([0, 56]);
    // The scroll area is as tall as all rows, so the scrollbar is honest.
    const spacer = screen.getByTestId('grid').firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${12_500 * 100}px`);
  });
});
