// Progress output of the CLI: a redrawn bar on a terminal, one line per stage otherwise, JSON
// lines with --json.
import type { JobProgress, RunSummary } from '../../src-shared/api.ts';

export interface ProgressPrinter {
  progress(p: JobProgress): void;
  run(r: RunSummary): void;
  done(): void;
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return ` ETA ${Math.ceil(seconds)}s`;
  return ` ETA ${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export function createProgressPrinter(mode: 'tty' | 'lines' | 'json', out: NodeJS.WriteStream = process.stderr): ProgressPrinter {
  let lastStage = '';
  let drawn = false;
  const clear = () => {
    if (drawn) out.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    progress(p) {
      if (mode === 'json') {
        process.stdout.write(JSON.stringify({ type: 'progress', ...p }) + '\n');
        return;
      }
      if (mode === 'lines') {
        if (p.stage !== lastStage) out.write(`[run ${p.runId}] ${p.stage}${p.total ? ` (${p.total})` : ''}\n`);
        lastStage = p.stage;
        return;
      }
      const width = 28;
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const filled = Math.round(frac * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const counts = p.total > 0 ? ` ${p.done}/${p.total}` : '';
      const msg = p.message ? `  ${p.message}` : '';
      clear();
      out.write(`${p.stage.padEnd(14)} ${bar}${counts}${formatEta(p.etaSeconds)}${msg}`.slice(0, (out.columns ?? 120) - 1));
      drawn = true;
    },
    run(r) {
      if (mode === 'json') process.stdout.write(JSON.stringify({ type: 'run', run: r }) + '\n');
    },
    done() {
      clear();
    },
  };
}
