// Dev-only: serve the harness build and screenshot pages in headless Chromium, to look at them.
//   npx vite build --config src-renderer/dev/vite.config.ts && node src-renderer/dev/screenshots.mjs [outDir] [name...]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../out/renderer-dev/', import.meta.url));
const outDir = process.argv[2] ?? '/tmp/faultline-shots';
const only = process.argv.slice(3);
mkdirSync(outDir, { recursive: true });

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '') || 'harness.html';
  try {
    const body = await readFile(join(root, path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/harness.html`;

const shots = [
  { name: 'run-light', hash: '#/runs/2', scheme: 'light', full: true },
  { name: 'run-dark', hash: '#/runs/2', scheme: 'dark', full: true },
  { name: 'run-small-group', hash: '#/runs/1', scheme: 'light', full: true },
  { name: 'run-failed', hash: '#/runs/3', scheme: 'light' },
  { name: 'overview-light', hash: '#/datasets/1/overview', scheme: 'light', full: true },
  { name: 'overview-dark', hash: '#/datasets/1/overview', scheme: 'dark', full: true },
  { name: 'overview-table', hash: '#/datasets/1/overview', scheme: 'light', action: async (p) => p.getByTestId('chart-table-toggle').first().click() },
  { name: 'samples', hash: '#/datasets/1/samples', scheme: 'light', wait: 1200 },
  { name: 'samples-celeba', hash: '#/datasets/2/samples', scheme: 'dark', wait: 1200, action: async (p) => p.getByTestId('sample-grid').evaluate((el) => (el.scrollTop = 400000)) },
  { name: 'sample-dialog', hash: '#/datasets/1/samples', scheme: 'light', wait: 800, action: async (p) => p.getByTestId('sample-tile').nth(3).click() },
  { name: 'data', hash: '#/datasets/1/data', scheme: 'light', full: true },
  { name: 'analyses', hash: '#/datasets/1/analyses', scheme: 'light', full: true },
  { name: 'running', hash: '#/datasets/1/analyses', scheme: 'light', action: async (p) => { await p.getByTestId('run-button').first().click(); await p.waitForTimeout(2500); } },
  { name: 'toast', hash: '#/datasets/1/analyses', query: '?step=20', scheme: 'dark', action: async (p) => { await p.getByTestId('run-button').first().click(); await p.waitForTimeout(2500); } },
  { name: 'runs', hash: '#/runs', scheme: 'light' },
  { name: 'library', hash: '#/library', scheme: 'light' },
  { name: 'settings', hash: '#/settings', scheme: 'dark' },
  { name: 'reports', hash: '#/reports', scheme: 'light' },
  { name: 'import-step1', hash: '#/library', scheme: 'light', action: async (p) => { await p.keyboard.press('Control+o'); await p.getByTestId('import-path').fill('/data/waterbirds/metadata.tsv'); await p.getByTestId('import-preview').click(); await p.waitForTimeout(300); } },
  { name: 'import-step2', hash: '#/library', scheme: 'light', action: async (p) => { await p.getByTestId('import-open').click(); await p.getByTestId('import-path').fill('/data/waterbirds/metadata.csv'); await p.getByTestId('import-preview').click(); await p.waitForTimeout(300); } },
  { name: 'import-step3', hash: '#/library', scheme: 'dark', action: async (p) => { await p.getByTestId('import-open').click(); await p.getByTestId('import-path').fill('/data/waterbirds/metadata.csv'); await p.getByTestId('import-preview').click(); await p.getByTestId('import-submit').click(); await p.waitForTimeout(300); } },
  { name: 'crop-kpis', hash: '#/runs/1', scheme: 'light', selector: '.kpis' },
  { name: 'crop-bars', hash: '#/runs/1', scheme: 'light', selector: '[data-testid="group-accuracy-card"]' },
  { name: 'crop-bars-dark', hash: '#/runs/2', scheme: 'dark', selector: '[data-testid="group-accuracy-card"]' },
  { name: 'crop-heatmap', hash: '#/datasets/1/overview', scheme: 'light', selector: '[data-testid="group-table-card"]' },
  { name: 'first-launch', hash: '', query: '?empty', scheme: 'light', full: true },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
let problems = 0;
for (const s of shots.filter((s) => only.length === 0 || only.includes(s.name))) {
  // The shell scrolls inside <main>, so a 'full' shot uses a tall viewport instead of fullPage.
  const page = await browser.newPage({ viewport: { width: 1400, height: s.full ? 2300 : 900 }, colorScheme: s.scheme });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      problems++;
      console.log(`[${s.name}] console.${m.type()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => {
    problems++;
    console.log(`[${s.name}] pageerror: ${e.message}`);
  });
  await page.goto(`${base}${s.query ?? ''}${s.hash}`);
  await page.waitForTimeout(s.wait ?? 600);
  if (s.action) await s.action(page);
  await page.waitForTimeout(300);
  if (s.selector) await page.locator(s.selector).first().screenshot({ path: join(outDir, `${s.name}.png`) });
  else await page.screenshot({ path: join(outDir, `${s.name}.png`) });
  await page.close();
}
await browser.close();
server.close();
console.log(`screenshots in ${outDir}; ${problems} console problems`);
