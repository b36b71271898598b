import { useEffect } from 'react';
import { useStore } from 'zustand';
import { DataTable } from '../components/data-table.js';
import { ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import { canSave } from '../store/settings-store.js';
import { useStores } from '../stores-context.js';
import { EnvironmentPanel } from './environment-panel.js';

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Which changed keys the running app uses from now on. */
function AppliedNote({ applied, waiting }: { applied: string[]; waiting: number }) {
  if (applied.length === 0)
    return waiting === 0 ? <div>No value changed; the running app is as it was.</div> : null;
  return (
    <div>
      Applied now: <code>{applied.join(', ')}</code>
    </div>
  );
}

export function SettingsView() {
  const stores = useStores();
  const state = useStore(stores.settings);
  useEffect(() => {
    void stores.settings.getState().load();
    void stores.settings.getState().loadEnvironment();
    void stores.settings.getState().runDiagnostics();
  }, [stores]);
  useEffect(() => {
    // Validate shortly after typing stops, not on every key.
    if (state.validation.state !== 'unchecked') return;
    const timer = setTimeout(() => void stores.settings.getState().validate(), 500);
    return () => clearTimeout(timer);
  }, [stores, state.validation.state]);

  const config = state.config.data;
  const validation = state.validation;
  return (
    <Page
      name="settings"
      title="Settings"
      description="The layered config with where each value came from (secrets redacted), local overrides with validation, diagnostics and the environment."
    >
      <EnvironmentPanel />
      <ErrorNote error={state.config.error} title="Could not read the config" />
      <div className="grid wide-left">
        <Card
          title="Effective config"
          subtitle={
            config === null
              ? undefined
              : `base ${config.files.base}${config.files.local === null ? '' : ` · local ${config.files.local}`}`
          }
        >
          {config === null ? (
            <Loading what="the config" />
          ) : (
            <DataTable
              label="Config values"
              testId="config-table"
              rows={config.entries}
              rowKey={(entry) => entry.key}
              maxHeight={520}
              columns={[
                {
                  key: 'key',
                  header: 'Key (source)',
                  render: (e) => (
                    <div style={{ wordBreak: 'break-all' }}>
                      <code>{e.key}</code>
                      <div className="small muted">{e.source}</div>
                    </div>
                  ),
                },
                {
                  key: 'value',
                  header: 'Value',
                  render: (e) =>
                    e.secret ? (
                      <span title="secret: redacted">
                        <code>{formatValue(e.value)}</code> <Pill tone="warn">secret</Pill>
                      </span>
                    ) : (
                      <code style={{ wordBreak: 'break-all' }}>{formatValue(e.value)}</code>
                    ),
                },
                {
                  key: 'layer',
                  header: 'Layer',
                  render: (e) => (
                    <Pill tone={e.layer === 'local' ? 'info' : e.layer === 'env' ? 'warn' : 'neutral'}>
                      {e.layer}
                    </Pill>
                  ),
                },
              ]}
            />
          )}
        </Card>
        <Card
          title="Local overrides (YAML)"
          subtitle={
            config === null
              ? undefined
              : `Saved to ${config.editableFile}. Secrets are set by environment variable, never written here.`
          }
          actions={
            <button
              type="button"
              className="btn primary"
              disabled={!canSave(validation) || state.saving}
              onClick={() => void state.save()}
            >
              {state.saving ? 'Saving…' : 'Save config'}
            </button>
          }
        >
          <textarea
            className="yaml"
            aria-label="Local config YAML"
            data-testid="settings-yaml"
            spellCheck={false}
            value={state.draft}
            onChange={(event) => state.edit(event.target.value)}
          />
          <div role="status" data-testid="settings-validation" style={{ marginTop: 8 }}>
            {validation.state === 'unchanged' ? (
              <span className="muted small">Edit to change; the text is checked as you type.</span>
            ) : null}
            {validation.state === 'unchecked' || validation.state === 'checking' ? (
              <span className="muted small">Checking…</span>
            ) : null}
            {validation.state === 'valid' ? <Pill tone="ok">valid — ready to save</Pill> : null}
            {validation.state === 'invalid' ? (
              <div className="notice error">
                <strong>Not valid:</strong>
                <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                  {validation.issues.map((issue) => (
                    <li key={`${issue.key}-${issue.line ?? ''}-${issue.message}`}>
                      {issue.line === undefined ? '' : `line ${issue.line}: `}
                      <code>{issue.key}</code> {issue.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {validation.state === 'error' ? (
              <ErrorNote error={validation.error} title="Validation failed" />
            ) : null}
          </div>
          <ErrorNote error={state.saveError} title="Not saved" />
          {state.savedMessage === null ? null : (
            <div className="notice info" role="status" data-testid="settings-saved">
              {state.savedMessage}
              {state.saved === null ? null : (
                <AppliedNote applied={state.saved.applied} waiting={state.saved.restartNeeded.length} />
              )}
            </div>
          )}
          {state.saved === null || state.saved.restartNeeded.length === 0 ? null : (
            <div className="notice warn" role="status" data-testid="settings-restart-needed">
              <strong>Restart needed for: {state.saved.restartNeeded.map((r) => r.key).join(', ')}</strong>
              <div className="small">The app keeps the values it started with until it is started again.</div>
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {state.saved.restartNeeded.map((r) => (
                  <li key={r.key}>
                    <code>{r.key}</code>: {r.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      </div>
      <Card
        title="Diagnostics"
        subtitle="Compute backend, Docker engine, ports."
        actions={
          <button type="button" className="btn" onClick={() => void state.runDiagnostics()}>
            Run diagnostics
          </button>
        }
      >
        <ErrorNote error={state.diagnostics.error} />
        {state.diagnostics.data === null ? (
          <Loading what="diagnostics" />
        ) : (
          <DataTable
            label="Diagnostics"
            testId="diagnostics-table"
            rows={state.diagnostics.data.checks}
            rowKey={(c) => c.name}
            columns={[
              { key: 'name', header: 'Check', render: (c) => c.name },
              {
                key: 'status',
                header: 'Status',
                render: (c) => (
                  <Pill tone={c.status === 'ok' ? 'ok' : c.status === 'warning' ? 'warn' : 'bad'}>
                    {c.status}
                  </Pill>
                ),
              },
              { key: 'detail', header: 'Detail', render: (c) => <span className="small">{c.detail}</span> },
            ]}
          />
        )}
      </Card>
    </Page>
  );
}
