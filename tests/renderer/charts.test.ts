import './helpers/dom.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import GroupedIntervalBars from '../../src-renderer/lib/charts/GroupedIntervalBars.svelte';
import Heatmap from '../../src-renderer/lib/charts/Heatmap.svelte';
import Bars from '../../src-renderer/lib/charts/Bars.svelte';
import LineChart from '../../src-renderer/lib/charts/LineChart.svelte';
import Scatter from '../../src-renderer/lib/charts/Scatter.svelte';
import DataTable from '../../src-renderer/lib/charts/DataTable.svelte';
import type { IntervalGroup } from '../../src-renderer/lib/charts/types.ts';
import { percent } from '../../src-renderer/lib/format.ts';

const series = [
  { name: 'Baseline', color: 'grey' },
  { name: 'DFR', color: 'blue' },
];
const groups: IntervalGroup[] = [
  { key: 'y=1|place=0', label: 'y=1 · place=0', n: 18, small: true, values: [{ value: 0.031, lo: 0.01, hi: 0.2 }, { value: 0.812, lo: 0.784, hi: 0.839 }] },
  { key: 'y=0|place=1', label: 'y=0 · place=1', n: 2255, values: [{ value: 0.75, lo: 0.73, hi: 0.77 }, { value: 0.9, lo: null, hi: null }] },
];

describe('GroupedIntervalBars', () => {
  it('draws one bar per series per group, whiskers where intervals exist, and hatches small groups', () => {
    render(GroupedIntervalBars, { groups, series, width: 600, ariaLabel: 'Accuracy per group', testid: 'group-bars' });
    const svg = screen.getByTestId('group-bars');
    expect(svg.getAttribute('aria-label')).toBe('Accuracy per group');
    const gs = screen.getAllByTestId('group-bar');
    expect(gs.map((g) => g.dataset.key)).toEqual(['y=1|place=0', 'y=0|place=1']);
    expect(screen.getAllByTestId('bar')).toHaveLength(4);
    // Three intervals given, one missing.
    const whiskers = screen.getAllByTestId('whisker');
    expect(whiskers).toHaveLength(3);
    expect(whiskers.map((w) => [Number(w.dataset.lo), Number(w.dataset.hi)])).toContainEqual([0.784, 0.839]);

    const small = gs[0];
    expect(small.dataset.small).toBe('true');
    expect(small.textContent).toContain('n = 18');
    for (const rect of small.querySelectorAll('rect.bar')) expect((rect as SVGRectElement).style.fill).toMatch(/^url\(/);
    for (const rect of gs[1].querySelectorAll('rect.bar')) expect((rect as SVGRectElement).style.fill).not.toMatch(/^url\(/);

    const labels = within(gs[0]).getAllByText(/%$/).map((t) => t.textContent);
    expect(labels).toEqual(['3.1%', '81.2%']);
  });

  it('scales bar length with the value', () => {
    render(GroupedIntervalBars, { groups, series, width: 600, ariaLabel: 'x' });
    const widths = screen.getAllByTestId('bar').map((b) => Number(b.querySelector('rect')!.getAttribute('width')));
    // 0.031, 0.812, 0.75, 0.9 of the same axis.
    expect(widths[1] / widths[3]).toBeCloseTo(0.812 / 0.9, 5);
    expect(widths[0]).toBeLessThan(widths[2]);
  });
});

describe('Heatmap', () => {
  it('prints every count in its cell and exposes data attributes', () => {
    render(Heatmap, {
      rows: ['train · y=0', 'train · y=1'],
      cols: ['place=0', 'place=1'],
      cells: [
        { row: 'train · y=0', col: 'place=0', value: 3498, text: '3,498', data: { split: 'train', label: '0', attr: '0', count: 3498 } },
        { row: 'train · y=0', col: 'place=1', value: 184, text: '184', data: { split: 'train', label: '0', attr: '1', count: 184 } },
        { row: 'train · y=1', col: 'place=0', value: 56, text: '56', data: { split: 'train', label: '1', attr: '0', count: 56 } },
        { row: 'train · y=1', col: 'place=1', value: 1057, text: '1,057', data: { split: 'train', label: '1', attr: '1', count: 1057 } },
      ],
      width: 500,
      ariaLabel: 'Group table',
      cellTestId: 'group-cell',
      testid: 'group-table',
    });
    const cells = screen.getAllByTestId('group-cell');
    expect(cells).toHaveLength(4);
    const small = cells.find((c) => c.dataset.label === '1' && c.dataset.attr === '0')!;
    expect(small.dataset.split).toBe('train');
    expect(small.dataset.count).toBe('56');
    expect(small.querySelector('text')!.textContent).toBe('56');
    expect(small.querySelector('title')!.textContent).toContain('train · y=1');
    // Viridis: the largest count is the brightest (yellow) cell, the smallest the darkest.
    const fill = (c: HTMLElement) => (c.querySelector('rect') as SVGRectElement).style.fill;
    expect(fill(cells[0])).not.toBe(fill(small));
  });
});

describe('Bars, LineChart, Scatter', () => {
  it('Bars prints formatted values and a reference line', () => {
    render(Bars, { items: [{ key: 'a', label: 'train', value: 0.87 }, { key: 'b', label: 'val', value: 0.02 }], width: 400, ariaLabel: 'V', format: (v: number) => v.toFixed(2), max: 1, reference: { value: 0.5, label: 'chance' } });
    const items = screen.getAllByTestId('bar-item');
    expect(items.map((i) => i.dataset.value)).toEqual(['0.87', '0.02']);
    expect(screen.getByText('0.87')).toBeTruthy();
    expect(screen.getByText('chance')).toBeTruthy();
  });

  it('LineChart draws the series and marks the selected point', () => {
    render(LineChart, {
      series: [{ name: 'WGA', points: [{ x: 0.01, y: 0.7 }, { x: 0.3, y: 0.82 }, { x: 10, y: 0.6 }] }],
      width: 400,
      ariaLabel: 'tuning',
      xLabel: 'C',
      yLabel: 'WGA',
      xFormat: String,
      yFormat: (v: number) => percent(v, 0),
      xLog: true,
      markers: [{ x: 0.3, y: 0.82, label: 'C = 0.3' }],
    });
    expect(screen.getAllByTestId('line-series')).toHaveLength(1);
    expect(document.querySelectorAll('[data-testid="line-series"] circle')).toHaveLength(3);
    expect(screen.getByTestId('line-marker').dataset.x).toBe('0.3');
    expect(screen.getByText('C = 0.3')).toBeTruthy();
  });

  it('Scatter draws one labelled point per item', () => {
    render(Scatter, {
      points: [{ key: 'a', x: 0.97, y: 0.81, label: 'resnet50' }, { key: 'b', x: 0.96, y: 0.85, label: 'clip' }],
      width: 400,
      ariaLabel: 'sets',
      xLabel: 'ID acc',
      yLabel: 'WGA',
      xFormat: (v: number) => percent(v, 0),
      yFormat: (v: number) => percent(v, 0),
    });
    expect(screen.getAllByTestId('scatter-point')).toHaveLength(2);
    expect(screen.getByText('resnet50')).toBeTruthy();
  });
});

describe('DataTable', () => {
  it('sorts by a column and keeps blanks last', async () => {
    render(DataTable, {
      columns: [{ key: 'g', label: 'Group' }, { key: 'acc', label: 'Accuracy', numeric: true, format: (v: unknown) => (v == null ? '—' : percent(v as number)) }],
      rows: [{ g: 'a', acc: 0.9 }, { g: 'b', acc: null }, { g: 'c', acc: 0.1 }],
    });
    await fireEvent.click(screen.getByRole('button', { name: /Accuracy/ }));
    const firstCol = () => [...document.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')!.textContent);
    expect(firstCol()).toEqual(['c', 'a', 'b']);
    await fireEvent.click(screen.getByRole('button', { name: /Accuracy/ }));
    expect(firstCol()).toEqual(['a', 'c', 'b']);
  });
});
