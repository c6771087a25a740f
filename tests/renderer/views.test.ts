import './helpers/dom.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import OverviewTab from '../../src-renderer/views/dataset/OverviewTab.svelte';
import SpuriousResultView from '../../src-renderer/views/run/SpuriousResultView.svelte';
import { groupHeat } from '../../src-renderer/views/dataset/group-table.ts';
import { groupPairs, worstGroupKpi } from '../../src-renderer/views/run/spurious-view.ts';
import { demoOverview, smallGroupResult, spuriousResult } from '../../src-renderer/dev/fake-data.ts';
import { fakeApp } from './helpers/app.ts';
import type { SpuriousSetResult } from '../../src-shared/results/spurious.ts';

function tableColumn(table: HTMLElement, header: string): string[] {
  const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent!.replace(/[▲▼]/g, '').trim());
  const idx = headers.indexOf(header);
  expect(idx, `column ${header} in ${headers.join('|')}`).toBeGreaterThanOrEqual(0);
  return [...table.querySelectorAll('tbody tr')].map((tr) => tr.querySelectorAll('td')[idx].textContent!.trim());
}

describe('group table', () => {
  it('maps every API cell to a heatmap cell with its split, label, attribute value and count', () => {
    const heat = groupHeat(demoOverview().groupTable, 'y');
    expect(heat.rows).toEqual(['train · y=0', 'train · y=1', 'val · y=0', 'val · y=1', 'test · y=0', 'test · y=1']);
    expect(heat.cols).toEqual(['place=0', 'place=1']);
    const c = heat.cells.find((x) => x.data?.split === 'train' && x.data?.label === '1' && x.data?.attr === '0')!;
    expect(c.value).toBe(56);
    expect(c.colorValue).toBeCloseTo(56 / 4795, 6);
  });

  it('the Table toggle shows the same counts as the heatmap', async () => {
    render(OverviewTab, { overview: demoOverview(), attribute: undefined });
    const cells = screen.getAllByTestId('group-cell');
    expect(cells).toHaveLength(12);
    const fromChart = cells.map((c) => `${c.dataset.split}|${c.dataset.label}|${c.dataset.attr}|${c.querySelector('text')!.textContent}`).sort();

    const card = screen.getByTestId('group-table-card');
    await fireEvent.click(within(card).getByTestId('chart-table-toggle'));
    expect(within(card).queryByTestId('group-table')).toBeNull();
    const table = card.querySelector('table')!;
    const splits = tableColumn(table, 'Split');
    const labels = tableColumn(table, 'Label');
    const values = tableColumn(table, 'Attribute value');
    const counts = tableColumn(table, 'Count');
    const fromTable = splits.map((s, i) => `${s}|${labels[i]}|${values[i]}|${counts[i]}`).sort();
    expect(fromTable).toEqual(fromChart);

    await fireEvent.click(within(card).getByTestId('chart-table-toggle'));
    expect(within(card).getByTestId('group-table')).toBeTruthy();
  });
});

describe('spurious result view', () => {
  const set: SpuriousSetResult = structuredClone(spuriousResult().sets[0]);
  // The numbers of the brief: worst baseline group at 3.1%, 81.2% after DFR (78.4–83.9).
  set.baseline.groups[2] = { ...set.baseline.groups[2], accuracy: 0.031 };
  set.dfr.groups[2] = { ...set.dfr.groups[2], accuracy: 0.812, ci: [0.784, 0.839] };

  it('leads with the worst baseline group and its DFR accuracy and interval', () => {
    expect(worstGroupKpi(set)?.text).toBe('y=1 · place=0 — 3.1% → 81.2% after DFR (95% CI 78.4–83.9)');
  });

  it('sorts groups worst baseline first', () => {
    expect(groupPairs(set).map((p) => p.key)).toEqual(['y=1|place=0', 'y=0|place=1', 'y=1|place=1', 'y=0|place=0']);
  });

  it('renders the KPI, the bars with whiskers, and a table with identical numbers', async () => {
    const { context } = fakeApp();
    const result = { ...spuriousResult(), sets: [set] };
    render(SpuriousResultView, { props: { result }, context });

    const kpi = screen.getByTestId('kpi-worst-group');
    expect(kpi.textContent!.replace(/\s+/g, ' ')).toContain('y=1 · place=0 — 3.1% → 81.2% after DFR (95% CI 78.4–83.9)');

    const bars = screen.getByTestId('group-bars');
    const groups = within(bars).getAllByTestId('group-bar');
    expect(groups.map((g) => g.dataset.key)).toEqual(['y=1|place=0', 'y=0|place=1', 'y=1|place=1', 'y=0|place=0']);
    expect(within(bars).getAllByTestId('whisker')).toHaveLength(8);
    const chartValues = groups.map((g) => within(g).getAllByText(/%$/).map((t) => t.textContent));

    const card = screen.getByTestId('group-accuracy-card');
    await fireEvent.click(within(card).getByTestId('chart-table-toggle'));
    const table = card.querySelector('table')!;
    const base = tableColumn(table, 'Baseline (95% CI)');
    const dfr = tableColumn(table, 'DFR (95% CI)');
    expect(tableColumn(table, 'Group')).toEqual(groups.map((g) => g.querySelector('.group-label')!.textContent));
    chartValues.forEach(([b, d], i) => {
      expect(base[i].startsWith(`${b} (`)).toBe(true);
      expect(dfr[i].startsWith(`${d} (`)).toBe(true);
    });
    expect(dfr[0]).toBe('81.2% (78.4–83.9)');
  });

  it('hatches and labels small groups, and shows seed and set comparisons only when there are several', () => {
    const { context } = fakeApp();
    render(SpuriousResultView, { props: { result: smallGroupResult() }, context });
    const small = screen.getAllByTestId('group-bar').find((g) => g.dataset.small === 'true')!;
    expect(small.textContent).toContain('n = 18');
    expect(screen.queryByTestId('seed-summary')).toBeNull();
    expect(screen.queryByTestId('sets-scatter')).toBeNull();
  });

  it('shows the seed summary and the set scatter for a multi-seed, multi-set result', () => {
    const { context } = fakeApp();
    render(SpuriousResultView, { props: { result: spuriousResult() }, context });
    expect(screen.getByTestId('seed-summary').textContent).toContain('±');
    expect(screen.getAllByTestId('scatter-point')).toHaveLength(2);
  });
});
