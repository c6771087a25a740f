// `npm run bench`: runs every benchmark module and writes bench/RESULTS.md.
// Each module default-exports an async function returning a markdown section whose numbers are
// ratios against a named baseline measured in the same run. `npm run bench -- probes` runs one.
import { writeFileSync, readdirSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

// Each module's section is kept in bench/results/NAME.md so a partial run updates only its part.
const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
for (const name of modules) {
  console.log(`bench: ${name}`);
  const mod = (await import(join(here, `${name}.bench.ts`))) as { default: () => Promise<string> };
  const section = await mod.default();
  console.log(section);
  writeFileSync(join(resultsDir, `${name}.md`), section.trim() + '\n');
}
const sections = readdirSync(resultsDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readFileSync(join(resultsDir, f), 'utf8'));

const header = [
  '# Benchmark results',
  '',
  `Last written ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Regenerate with \`npm run bench\`.`,
  'Every figure is a ratio against a baseline run in the same run on the same machine; each section says when it was measured.',
  '',
];
writeFileSync(join(here, 'RESULTS.md'), [...header, ...sections].join('\n') + '\n');
