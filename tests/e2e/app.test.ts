// End to end: the real browser-mode server (own process, SQLite, job workers) driven in
// Debian's Chromium, as a user would: first launch creates the demo dataset, the group table
// matches the metadata, a job shows progress and can be cancelled, embeddings imported from a
// file feed a DFR run whose per-group chart shows the stored numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, launchBrowser, startServe, watchErrors, type ServerProcess } from './harness.ts';
import { tempDir } from '../helpers/temp.ts';
import { npyBytes } from '../unit/data/array-writers.ts';

const SPLIT = ['train', 'val', 'test'];

interface Row { y: string; split: string; place: string }

function readDemoMetadata(path: string): Row[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => {
    const v = l.split(',');
    return { y: v[cols.indexOf('y')]!, split: SPLIT[Number(v[cols.indexOf('split')])]!, place: v[cols.indexOf('place')]! };
  });
}

/** Row-aligned float32 .npy: one weak core feature (y), one strong spurious feature (place), noise. */
function writeEmbeddings(rows: Row[], path: string): void {
  const d = 8;
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const data = new Float32Array(rows.length * d);
  rows.forEach((r, i) => {
    data[i * d] = (r.y === '1' ? 1 : -1) + 0.5 * gauss();
    data[i * d + 1] = 3 * (r.place === '1' ? 1 : -1) + 0.3 * gauss();
    for (let k = 2; k < d; k++) data[i * d + k] = gauss();
  });
  writeFileSync(path, npyBytes(data, { shape: [rows.length, d] }));
}

async function apiCall<T>(server: ServerProcess, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.origin}/api/call/${method}`, { method: 'POST', headers: { 'x-faultline-token': server.token }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error!.message);
  return body.value;
}

describe('browser mode end to end', () => {
  const dir = tempDir('faultline-e2e-');
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ensureRendererBuilt();
    server = await startServe(join(dir, 'faultline.db'), { FAULTLINE_DEMO_COUNTS: '160,80,80' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens on the demo dataset and its group table matches the metadata', async () => {
    await page.goto(server.url);
    // The token leaves the address bar once read.
    await page.waitForFunction(() => !(globalThis as unknown as { location: { search: string } }).location.search.includes('token'));
    await page.getByTestId('group-cell').first().waitFor({ timeout: 90_000 });
    const rows = readDemoMetadata(join(dir, 'demo-dataset', 'metadata.csv'));
    const expected = new Map<string, number>();
    for (const r of rows) expected.set(`${r.split}|${r.y}|${r.place}`, (expected.get(`${r.split}|${r.y}|${r.place}`) ?? 0) + 1);
    const cells = await page.getByTestId('group-cell').evaluateAll((els) =>
      els.map((e) => ({ key: `${e.getAttribute('data-split')}|${e.getAttribute('data-label')}|${e.getAttribute('data-attr')}`, count: Number(e.getAttribute('data-count')) })),
    );
    expect(cells.length).toBe(expected.size);
    for (const c of cells) expect(c.count, c.key).toBe(expected.get(c.key));
    // the train split carries the shortcut: 95% of each class on its own background
    const trainMatching = rows.filter((r) => r.split === 'train' && r.y === r.place).length / rows.filter((r) => r.split === 'train').length;
    expect(trainMatching).toBeGreaterThan(0.9);
    // the same numbers are available as a table
    await page.getByTestId('group-table-card').getByTestId('chart-table-toggle').click();
    const tableText = await page.getByTestId('group-table-card').locator('table').innerText();
    expect(tableText).toContain(String(expected.get('train|0|0')));
  });

  it('starts a job, shows its progress and cancels it', async () => {
    await page.getByTestId('tab-analyses').click();
    const card = page.getByTestId('analysis-card-spurious');
    await card.getByTestId('run-button').click();
    const drawer = page.getByTestId('progress-drawer');
    await drawer.waitFor({ timeout: 60_000 });
    await page.getByTestId('progress-stage').filter({ hasText: /training CNN/ }).waitFor({ timeout: 90_000 });
    await page.getByTestId('progress-cancel').click();
    await expect.poll(async () => (await apiCall<{ status: string }[]>(server, 'runs:list', {}))[0]?.status, { timeout: 60_000 }).toBe('cancelled');
    await page.getByTestId('nav-runs').click();
    await expect.poll(() => page.getByTestId('run-row').first().getByTestId('run-status').innerText(), { timeout: 10_000 }).toMatch(/cancelled/i);
  });

  it('imports embeddings from a file, runs DFR and shows the per-group chart with the stored numbers', async () => {
    const rows = readDemoMetadata(join(dir, 'demo-dataset', 'metadata.csv'));
    const npy = join(dir, 'features.npy');
    writeEmbeddings(rows, npy);
    await page.getByTestId('nav-library').click();
    await page.getByTestId('dataset-row').first().getByRole('link').click();
    await page.getByTestId('tab-data').click();
    const form = page.getByTestId('import-embeddings');
    await form.getByTestId('embedding-path').fill(npy);
    await form.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('array-row').filter({ hasText: 'features' }).waitFor({ timeout: 30_000 });

    await page.getByTestId('tab-analyses').click();
    const card = page.getByTestId('analysis-card-spurious');
    await card.locator('label.chip', { hasText: 'features' }).locator('input').check();
    await card.getByTestId('run-button').click();
    await page.getByTestId('kpi-worst-group').waitFor({ timeout: 120_000 });
    const runs = await apiCall<{ id: number; status: string }[]>(server, 'runs:list', {});
    expect(runs[0]!.status).toBe('succeeded');
    const detail = await apiCall<{ result: { sets: { dfr: { worstGroupAccuracy: number; groups: { key: string; accuracy: number }[] }; baseline: { worstGroupAccuracy: number } }[] } }>(server, 'runs:get', { runId: runs[0]!.id });
    const set = detail.result.sets[0]!;
    // the shortcut effect on these features: the train probe follows place, DFR recovers the core feature
    expect(set.dfr.worstGroupAccuracy).toBeGreaterThan(set.baseline.worstGroupAccuracy + 0.1);
    await page.getByTestId('group-bars').waitFor();
    const kpi = await page.getByTestId('kpi-worst-group').innerText();
    expect(kpi).toContain(`${(100 * set.baseline.worstGroupAccuracy).toFixed(1)}%`);
    // the chart's table shows the stored per-group accuracies
    const chartCard = page.getByTestId('group-accuracy-card');
    await chartCard.getByTestId('chart-table-toggle').click();
    const table = await chartCard.locator('table').innerText();
    for (const g of set.dfr.groups) expect(table).toContain(`${(100 * g.accuracy).toFixed(1)}%`);
    expect(errors).toEqual([]);
  });

  it('imports a dataset through the wizard and shows rejected rows with their reasons', async () => {
    const root = join(dir, 'mine');
    const { mkdirSync } = await import('node:fs');
    const sharp = (await import('sharp')).default;
    mkdirSync(join(root, 'img'), { recursive: true });
    const lines = ['path,split,class,region'];
    for (let i = 0; i < 12; i++) {
      await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 20 * i, g: 90, b: 140 } } }).png().toFile(join(root, 'img', `${i}.png`));
      lines.push(`img/${i}.png,${['train', 'val', 'test'][i % 3]},${i % 2 ? 'cat' : 'dog'},${i < 6 ? 'Africa' : 'Europe'}`);
    }
    lines.push('img/404.png,train,cat,Africa'); // row 14: missing image
    lines.push('img/1.png,holdout,cat,Africa'); // row 15: unknown split
    writeFileSync(join(root, 'labels.csv'), lines.join('\n') + '\n');

    await page.keyboard.press('Control+o');
    const wizard = page.getByTestId('import-wizard');
    await wizard.getByTestId('import-path').fill(join(root, 'labels.csv'));
    await wizard.getByTestId('import-preview').click();
    await expect.poll(() => wizard.getByTestId('import-preset').innerText(), { timeout: 20_000 }).toBe('generic');
    await wizard.getByTestId('import-submit').click();
    await wizard.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await wizard.getByTestId('import-accepted').innerText()).toBe('12');
    const rejected = await wizard.getByTestId('rejected-row').allInnerTexts();
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatch(/^14\s+image file not found: img\/404\.png/);
    expect(rejected[1]).toMatch(/^15\s+.*holdout/);
    await wizard.getByTestId('import-open-dataset').click();
    // the new dataset's regions and its group table
    await page.getByTestId('group-cell').first().waitFor();
    const counts = await page.getByTestId('group-cell').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect(errors).toEqual([]);
  });
});
