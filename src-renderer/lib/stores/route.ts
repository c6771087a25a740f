// Hash routes: they survive reloads in both file:// (Electron) and http:// (browser mode) without
// server-side routing, and make every page linkable from toasts and reports.

export type DatasetTab = 'overview' | 'samples' | 'data' | 'analyses';
export const DATASET_TABS: readonly DatasetTab[] = ['overview', 'samples', 'data', 'analyses'];

export type Route =
  | { page: 'library' }
  | { page: 'dataset'; datasetId: number; tab: DatasetTab }
  | { page: 'runs' }
  | { page: 'run'; runId: number }
  | { page: 'reports' }
  | { page: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [head, id, sub] = parts;
  const num = Number(id);
  switch (head) {
    case 'datasets':
      if (Number.isInteger(num) && num > 0) {
        const tab = (DATASET_TABS as readonly string[]).includes(sub ?? '') ? (sub as DatasetTab) : 'overview';
        return { page: 'dataset', datasetId: num, tab };
      }
      return { page: 'library' };
    case 'runs':
      if (Number.isInteger(num) && num > 0) return { page: 'run', runId: num };
      return { page: 'runs' };
    case 'reports':
      return { page: 'reports' };
    case 'settings':
      return { page: 'settings' };
    default:
      return { page: 'library' };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'dataset':
      return `#/datasets/${route.datasetId}/${route.tab}`;
    case 'run':
      return `#/runs/${route.runId}`;
    default:
      return `#/${route.page}`;
  }
}
