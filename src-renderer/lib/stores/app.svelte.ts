// App-wide state shared by the shell and every page: the API client, what the status bar and the
// progress drawer show, toasts, and the lists several pages read. Views get it via context.
import { getContext, setContext } from 'svelte';
import type { AppInfo, DatasetSummary, JobProgress, RunStatus, RunSummary, Settings } from '../../../src-shared/api.ts';
import type { ApiClient } from '../api/client.ts';
import { errorMessage } from '../errors.ts';
import { Router } from './router.svelte.ts';
import { ThumbCache } from './thumb-cache.ts';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  title: string;
  body?: string;
  runId?: number;
}

export const ACTIVE: readonly RunStatus[] = ['queued', 'running'];
export const isActive = (s: RunStatus) => ACTIVE.includes(s);

export class AppState {
  info = $state<AppInfo | null>(null);
  infoError = $state<string | null>(null);
  settings = $state<Settings | null>(null);
  datasets = $state<DatasetSummary[]>([]);
  datasetsLoaded = $state(false);
  datasetsError = $state<unknown>(null);
  /** Bumped on 'datasets:changed' so open pages reload what they show. */
  datasetsVersion = $state(0);
  runs = $state<RunSummary[]>([]);
  progress = $state<Record<number, JobProgress>>({});
  toasts = $state<Toast[]>([]);
  importOpen = $state(false);
  busyMessage = $state<string | null>(null);
  /** Config handed from a run page's "Re-run with changes" to the analysis card that shows it. */
  prefill = $state<{ analysis: string; datasetId: number; config: Record<string, unknown>; seed: number } | null>(null);

  activeRuns = $derived(this.runs.filter((r) => isActive(r.status)));

  readonly thumbs: ThumbCache;
  private seenActive = new Set<number>();
  private toastSeq = 0;
  private unsubscribers: (() => void)[] = [];

  constructor(
    readonly client: ApiClient,
    readonly router: Router,
  ) {
    this.thumbs = new ThumbCache((sampleId, size) => client.call('samples:thumbnail', { sampleId, size }));
  }

  /** Loads what the shell needs and subscribes to pushed events. */
  async start(): Promise<void> {
    this.unsubscribers.push(
      this.client.on('job:progress', (p) => {
        this.progress[p.runId] = p;
        const run = this.runs.find((r) => r.id === p.runId);
        if (run && run.status === 'queued') run.status = 'running';
        if (run) run.stage = p.stage;
        this.seenActive.add(p.runId);
      }),
      this.client.on('run:updated', (r) => this.upsertRun(r)),
      this.client.on('datasets:changed', () => {
        this.datasetsVersion++;
        void this.loadDatasets();
      }),
    );
    const [info, settings] = await Promise.allSettled([this.client.call('app:info'), this.client.call('settings:get')]);
    if (info.status === 'fulfilled') this.info = info.value;
    else this.infoError = errorMessage(info.reason);
    if (settings.status === 'fulfilled') this.settings = settings.value;
    await Promise.allSettled([this.loadDatasets(), this.loadRuns(), this.loadJobs()]);
  }

  async refreshInfo(): Promise<void> {
    try {
      this.info = await this.client.call('app:info');
      this.infoError = null;
    } catch (e) {
      this.infoError = errorMessage(e);
    }
  }

  stop(): void {
    for (const u of this.unsubscribers.splice(0)) u();
  }

  async loadDatasets(): Promise<void> {
    try {
      this.datasets = await this.client.call('datasets:list');
      this.datasetsError = null;
    } catch (e) {
      // Shown by the library page; callers never need to handle it.
      this.datasetsError = e;
    } finally {
      this.datasetsLoaded = true;
    }
  }

  async loadRuns(): Promise<void> {
    const runs = await this.client.call('runs:list', {});
    for (const r of runs) if (isActive(r.status)) this.seenActive.add(r.id);
    this.runs = sortRuns(runs);
  }

  async loadJobs(): Promise<void> {
    const jobs = await this.client.call('jobs:active');
    const next: Record<number, JobProgress> = {};
    for (const j of jobs) {
      next[j.runId] = j;
      this.seenActive.add(j.runId);
    }
    this.progress = next;
  }

  upsertRun(r: RunSummary): void {
    const i = this.runs.findIndex((x) => x.id === r.id);
    if (i >= 0) this.runs[i] = r;
    else this.runs = sortRuns([r, ...this.runs]);
    if (isActive(r.status)) {
      this.seenActive.add(r.id);
      return;
    }
    delete this.progress[r.id];
    // The backend is only known once a worker has started: refresh what the status bar shows.
    if (!this.info?.backend) void this.refreshInfo();
    // Toast only for runs this window saw running, not for history loaded at start.
    if (this.seenActive.delete(r.id)) this.toastForRun(r);
  }

  private toastForRun(r: RunSummary): void {
    const name = `${r.analysis} on ${r.datasetName}`;
    if (r.status === 'succeeded') this.toast({ kind: 'success', title: `Run #${r.id} finished`, body: name, runId: r.id });
    else if (r.status === 'failed') this.toast({ kind: 'error', title: `Run #${r.id} failed`, body: r.error ?? name, runId: r.id });
    else if (r.status === 'cancelled') this.toast({ kind: 'info', title: `Run #${r.id} cancelled`, body: name, runId: r.id });
    else if (r.status === 'interrupted') this.toast({ kind: 'error', title: `Run #${r.id} interrupted`, body: r.error ?? name, runId: r.id });
  }

  toast(t: Omit<Toast, 'id'>, timeoutMs = t.kind === 'error' ? 12000 : 6000): void {
    const id = ++this.toastSeq;
    this.toasts = [...this.toasts, { ...t, id }].slice(-4);
    setTimeout(() => this.dismiss(id), timeoutMs);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  async saveSettings(patch: Partial<Settings>): Promise<void> {
    this.settings = await this.client.call('settings:set', patch);
  }

  async cancelRun(runId: number): Promise<void> {
    try {
      await this.client.call('runs:cancel', { runId });
    } catch (e) {
      this.toast({ kind: 'error', title: `Could not cancel run #${runId}`, body: errorMessage(e) });
    }
  }
}

function sortRuns(runs: RunSummary[]): RunSummary[] {
  return runs.toSorted((a, b) => b.id - a.id);
}

/** Exported so tests can provide an AppState without mounting <App>. */
export const APP_CONTEXT = Symbol('faultline-app');
export function provideApp(app: AppState): void {
  setContext(APP_CONTEXT, app);
}
export function useApp(): AppState {
  const app = getContext<AppState | undefined>(APP_CONTEXT);
  if (!app) throw new Error('useApp() called outside <App>');
  return app;
}
