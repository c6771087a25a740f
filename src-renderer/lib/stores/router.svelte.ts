import { href, parseRoute, type Route } from './route.ts';

/** Reactive view of location.hash. */
export class Router {
  route = $state<Route>({ page: 'library' });

  constructor(private win: Window = window) {
    this.route = parseRoute(win.location.hash);
    win.addEventListener('hashchange', () => {
      this.route = parseRoute(win.location.hash);
    });
  }

  go(route: Route): void {
    const h = href(route);
    if (this.win.location.hash === h) this.route = parseRoute(h);
    else this.win.location.hash = h;
  }
}
