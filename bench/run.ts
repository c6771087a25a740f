// `npm run bench`: runs every benchmark module and writes bench/RESULTS.md.
// Each module default-exports an async function returning a markdown section whose numbers are
// ratios against a named baseline measured in the same run. `npm run bench -- probes` runs one.
import { writeFileSync, readdirSync } from 'node:fs';
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

const sections: string[] = [];
for (const name of modules) {
  console.log(`bench: ${name}`);
  const mod = (await import(join(here, `${name}.bench.ts`))) as { default: () => Promise<string> };
  const section = await mod.default();
  console.log(section);
  sections.push(section);
}

const header = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Regenerate with \`npm run bench\`.`,
  'Every figure is a ratio against a baseline run in the same process on the same machine.',
  '',
];
if (only.length === 0) writeFileSync(join(here, 'RESULTS.md'), [...header, ...sections].join('\n') + '\n');
else console.log('(partial run: RESULTS.md not rewritten)');
