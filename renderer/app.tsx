import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { BrowserClient, ConnectionState } from './client/browser-client.js';
import { Pill } from './components/notices.js';
import { parseRoute, type Route, routeHref, type ViewName, views } from './router.js';
import { openCount } from './store/alerts-store.js';
import { useStores } from './stores-context.js';
import { AlertsView } from './views/alerts-view.js';
import { DatasetsView } from './views/data-view.js';
import { DecisionsView } from './views/decisions-view.js';
import { DriftView } from './views/drift-view.js';
import { ExperimentsView } from './views/experiments-view.js';
import { OverviewView } from './views/overview-view.js';
import { RegistryView } from './views/registry-view.js';
import { SchedulerView } from './views/scheduler-view.js';
import { ServicesView } from './views/services-view.js';
import { SettingsView } from './views/settings-view.js';
import { ShadowView } from './views/shadow-view.js';
import { TrainView } from './views/train-view.js';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function renderView(route: Route): ReactNode {
  switch (route.view) {
    case 'overview':
      return <OverviewView />;
    case 'data':
      return <DatasetsView />;
    case 'train':
      return <TrainView />;
    case 'experiments':
      return <ExperimentsView runId={route.param} />;
    case 'registry':
      return <RegistryView model={route.param} />;
    case 'decisions':
      return <DecisionsView />;
    case 'shadow':
      return <ShadowView testId={route.param} />;
    case 'drift':
      return <DriftView />;
    case 'services':
      return <ServicesView />;
    case 'scheduler':
      return <SchedulerView />;
    case 'alerts':
      return <AlertsView />;
    case 'settings':
      return <SettingsView />;
  }
}

const connectionLabels: Record<ConnectionState, string> = {
  connecting: 'Live updates: connecting',
  open: 'Live updates: on',
  reconnecting: 'Live updates: reconnecting…',
  unauthorised: 'Live updates refused: reopen the link podium ui printed',
};

function ConnectionStatus(props: { connection: BrowserClient }) {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => props.connection.onConnectionChange(setState), [props.connection]);
  return (
    <div data-testid="connection-state" role="status">
      <Pill tone={state === 'open' ? 'ok' : state === 'unauthorised' ? 'bad' : 'warn'}>
        {connectionLabels[state]}
      </Pill>
    </div>
  );
}

export function App(props: { connection: BrowserClient | null }) {
  const route = useRoute();
  const stores = useStores();
  const alerts = useStore(stores.alerts, (state) => state.alerts.data);
  const environment = useStore(stores.settings, (state) => state.environment.data);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void stores.alerts.getState().load();
    void stores.settings.getState().loadEnvironment();
    void stores.jobs.getState().refresh();
  }, [stores]);

  // Moving focus to the new view's heading lets keyboard and screen-reader users start there.
  const previous = useRef<ViewName | null>(null);
  useEffect(() => {
    if (previous.current !== null && previous.current !== route.view) {
      mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
    }
    previous.current = route.view;
  }, [route.view]);

  const open = alerts === null ? 0 : openCount(alerts);
  const isProd = environment?.environment === 'prod';
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        Skip to content
      </button>
      <nav className="sidebar" aria-label="Views">
        <div className="brand">Podium</div>
        {views.map((view) => (
          <a
            key={view.name}
            className="nav-link"
            href={routeHref(view.name)}
            aria-current={route.view === view.name ? 'page' : undefined}
          >
            <span>{view.title}</span>
            {view.name === 'alerts' && open > 0 ? (
              <span className="nav-badge" title={`${open} open alerts`}>
                {open}
              </span>
            ) : null}
          </a>
        ))}
        <div className="sidebar-footer">
          {environment === null ? null : (
            <div data-testid="environment-badge">
              <Pill tone={isProd ? 'prod' : 'info'}>{isProd ? 'PRODUCTION' : environment.environment}</Pill>
            </div>
          )}
          {props.connection === null ? null : <ConnectionStatus connection={props.connection} />}
        </div>
      </nav>
      <main className="main" id="main-content" ref={mainRef} tabIndex={-1}>
        {isProd ? (
          <div className="prod-banner" role="note" data-testid="prod-banner">
            PRODUCTION — promotions here change the model answering live traffic, and wait for an approver.
          </div>
        ) : null}
        {renderView(route)}
      </main>
    </div>
  );
}
