import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { pickClient } from './client/pick-client.js';
import { attachEvents, createStores } from './store/index.js';
import { StoresContext } from './stores-context.js';
import './styles.css';

/** The page's localStorage, or null where the browser refuses it (the choice then lasts the session). */
function pageStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

// The token must be read before anything looks at the hash route.
const choice = pickClient();

if (choice.kind === 'no-token') {
  createRoot(root).render(
    <main className="main" data-testid="view-no-token" style={{ maxWidth: 640, margin: '80px auto' }}>
      <div className="card">
        <h1>Podium needs its access link</h1>
        <p>
          Browser mode is guarded by a token made at each launch. Open the address that <code>podium ui</code>{' '}
          printed (it ends in <code>#token=…</code>), or start it again to get a new one.
        </p>
      </div>
    </main>,
  );
} else {
  const stores = createStores(choice.client, {
    storage: pageStorage(),
    files: choice.kind === 'electron' ? choice.files : undefined,
  });
  attachEvents(stores);
  const connection = choice.kind === 'browser' ? choice.client : null;
  createRoot(root).render(
    <StoresContext.Provider value={stores}>
      <App connection={connection} />
    </StoresContext.Provider>,
  );
}
