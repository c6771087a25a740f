// Counts fits per stage so the job can report {stage, done, total} and an ETA; also the
// cooperative checkpoint every long loop awaits between fits.
import { throwIfAborted } from '../../../../src-shared/errors.ts';
import type { AnalysisContext } from '../types.ts';

export type Stage = 'tuning' | 'retraining' | 'decodability' | 'baseline';

export class StageProgress {
  private readonly done = new Map<Stage, number>();

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly totals: Record<Stage, number>,
  ) {}

  step(stage: Stage, message?: string): void {
    const done = (this.done.get(stage) ?? 0) + 1;
    this.done.set(stage, done);
    this.ctx.progress({ stage, done, total: this.totals[stage], message });
  }

  /** Lets pending events (a cancel request) run, then stops if the run was cancelled. */
  async checkpoint(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(this.ctx.signal);
  }
}
