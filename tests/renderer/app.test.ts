import './helpers/dom.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../src-renderer/App.svelte';
import { createFakeClient } from '../../src-renderer/dev/fake-client.ts';
import { ApiError } from '../../src-shared/api.ts';

beforeEach(() => {
  history.replaceState(null, '', '/');
  document.documentElement.removeAttribute('data-theme');
});

describe('App shell', () => {
  it('first launch creates the demo dataset and opens it', async () => {
    render(App, { client: createFakeClient({ empty: true }) });
    await waitFor(() => expect(location.hash).toBe('#/datasets/1/overview'));
    await waitFor(() => expect(screen.getAllByTestId('group-cell').length).toBeGreaterThan(0));
    expect(screen.getByTestId('tab-overview').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('status-backend').textContent).toContain('wasm');
  });

  it('shows a backend error instead of creating a demo when the datasets cannot be listed', async () => {
    const client = createFakeClient();
    const calls: string[] = [];
    const call = client.call.bind(client);
    client.call = (async (method: string, input?: unknown) => {
      calls.push(method);
      if (method !== 'runs:list' && method !== 'jobs:active') throw new ApiError('Unauthorized', 'Missing or wrong token: open the URL printed by `faultline serve`.');
      return call(method as never, input as never);
    }) as typeof client.call;
    render(App, { client });
    await waitFor(() => expect(screen.getByTestId('error').textContent).toContain('Missing or wrong token'));
    expect(screen.getByTestId('status-bar').textContent).toContain('Backend unreachable');
    expect(calls).not.toContain('datasets:ensureDemo');
  });

  it('lists datasets and runs, and opens the run result', async () => {
    history.replaceState(null, '', '/#/library');
    render(App, { client: createFakeClient() });
    await waitFor(() => expect(screen.getAllByTestId('dataset-row')).toHaveLength(2));

    await fireEvent.click(screen.getByTestId('nav-runs'));
    location.hash = '#/runs';
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    expect(screen.getAllByTestId('run-status').map((s) => s.dataset.status)).toEqual(['failed', 'succeeded', 'succeeded']);

    location.hash = '#/runs/2';
    await waitFor(() => expect(screen.getByTestId('kpi-worst-group')).toBeTruthy());
    expect(screen.getByTestId('group-bars')).toBeTruthy();

    location.hash = '#/runs/3';
    await waitFor(() => expect(screen.getByTestId('run-error').textContent).toContain('11,700 rows'));
  });

  it('starting a run shows the progress drawer, then a toast linking to the run', async () => {
    history.replaceState(null, '', '/#/datasets/1/analyses');
    render(App, { client: createFakeClient({ stepMs: 5 }) });
    const button = await waitFor(() => screen.getAllByTestId('run-button')[0]);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('progress-drawer')).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId('progress-stage').textContent).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('finished'), { timeout: 5000 });
    expect(screen.queryByTestId('progress-drawer')).toBeNull();
    expect(location.hash).toBe('#/runs/4');
  });

  it('Ctrl+O opens the import wizard and Esc closes it; errors show file and row', async () => {
    history.replaceState(null, '', '/#/library');
    render(App, { client: createFakeClient() });
    await fireEvent.keyDown(window, { key: 'o', ctrlKey: true });
    const path = await waitFor(() => screen.getByTestId('import-path') as HTMLInputElement);
    await fireEvent.input(path, { target: { value: '/data/x.tsv' } });
    await fireEvent.click(screen.getByTestId('import-preview'));
    const err = await waitFor(() => screen.getByTestId('error'));
    expect(err.textContent).toContain('/data/x.tsv');
    expect(err.textContent).toMatch(/Row\s*1/);

    await fireEvent.input(path, { target: { value: '/data/waterbirds/metadata.csv' } });
    await fireEvent.click(screen.getByTestId('import-preview'));
    const submit = await waitFor(() => screen.getByTestId('import-submit'));
    expect(screen.getByTestId('import-preset').textContent).toBe('waterbirds');
    await fireEvent.click(submit);
    const report = await waitFor(() => screen.getByTestId('import-report'));
    expect(report.textContent).toContain('11,785');
    expect(screen.getAllByTestId('rejected-row')).toHaveLength(3);
    expect(screen.getByTestId('import-report-download').getAttribute('download')).toBe('import-rejected-rows.csv');

    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('import-wizard')).toBeNull());
  });

  it('the theme setting pins light or dark on the document', async () => {
    history.replaceState(null, '', '/#/settings');
    render(App, { client: createFakeClient() });
    const select = await waitFor(() => screen.getByTestId('settings-theme') as HTMLSelectElement);
    select.value = 'dark';
    await fireEvent.change(select);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
  });
});

describe('analysis config form', () => {
  it('sends typed values, omits unset optional keys, and edits nested settings', async () => {
    const client = createFakeClient({ stepMs: 1000 });
    const starts: unknown[] = [];
    const call = client.call.bind(client);
    client.call = (async (method: string, input?: unknown) => {
      if (method === 'runs:start') starts.push(input);
      return call(method as never, input as never);
    }) as typeof client.call;
    history.replaceState(null, '', '/#/datasets/1/analyses');
    render(App, { client });
    const card = await waitFor(() => screen.getByTestId('analysis-card-spurious'));
    const epochs = card.querySelector('[data-key="epochs"]') as HTMLInputElement;
    await fireEvent.input(epochs, { target: { value: '3' } });
    const cs = card.querySelector('[data-key="Cs"]') as HTMLInputElement;
    await fireEvent.input(cs, { target: { value: '1, 0.1, x' } });
    expect((card.querySelector('[data-testid="run-button"]') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(cs, { target: { value: '1, 0.1' } });
    await fireEvent.click(card.querySelector('[data-testid="run-button"]')!);
    await waitFor(() => expect(starts).toHaveLength(1));
    const input = starts[0] as { analysis: string; datasetId: number; config: Record<string, unknown>; seed: number };
    expect(input.analysis).toBe('spurious');
    expect(input.config.Cs).toEqual([1, 0.1]);
    expect(input.config.erm).toMatchObject({ epochs: 3, optimizer: 'adam' });
    expect('predictionSet' in input.config).toBe(false);
    expect('attributes' in input.config).toBe(false);
    expect(input.seed).toBe(0);
  });
});
