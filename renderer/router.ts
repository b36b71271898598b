/** Hash routes (`#/data`, `#/experiments/<runId>`): deep links that survive reloads and need no server routes. */
export const views = [
  { name: 'overview', title: 'Overview' },
  { name: 'data', title: 'Data' },
  { name: 'train', title: 'Train' },
  { name: 'experiments', title: 'Experiments' },
  { name: 'registry', title: 'Registry' },
  { name: 'decisions', title: 'Decisions' },
  { name: 'shadow', title: 'Shadow tests' },
  { name: 'drift', title: 'Drift' },
  { name: 'services', title: 'Services' },
  { name: 'scheduler', title: 'Scheduler' },
  { name: 'alerts', title: 'Alerts' },
  { name: 'settings', title: 'Settings' },
] as const;

export type ViewName = (typeof views)[number]['name'];

export type Route = { view: ViewName; param: string | null };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [first, ...rest] = path.split('/');
  const view = views.find((candidate) => candidate.name === first);
  if (view === undefined) return { view: 'overview', param: null };
  const param = rest.length === 0 ? null : decodeURIComponent(rest.join('/'));
  return { view: view.name, param: param === '' ? null : param };
}

export function routeHref(view: ViewName, param?: string | number): string {
  return param === undefined ? `#/${view}` : `#/${view}/${encodeURIComponent(String(param))}`;
}
