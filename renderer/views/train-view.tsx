import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ColumnChoice, ModelTypeChoice, TrainingResult } from '../../main/contract/index.js';
import { challengerColour, championColour, SimpleLineChart } from '../components/charts.js';
import { JobProgress } from '../components/job-progress.js';
import { EmptyState, ErrorNote, Loading } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import { formatDuration, formatNumber } from '../format.js';
import { routeHref } from '../router.js';
import { targetCandidates } from '../store/data-store.js';
import { lossScale, preferredSeries, secondsLeft } from '../store/jobs-store.js';
import { featureTypeFor } from '../store/model-config-form.js';
import { modelTypeChoices } from '../store/train-store.js';
import { useStores } from '../stores-context.js';
import { CandidatesTable } from './candidates-table.js';

function NumberField(props: {
  label: string;
  value: number | null;
  step?: string;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  return (
    <label className="field">
      {props.label}
      <input
        type="number"
        step={props.step ?? '1'}
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(event) => {
          const value = Number(event.target.value);
          if (event.target.value !== '' && Number.isFinite(value)) props.onChange(value);
        }}
      />
    </label>
  );
}

function LossChart(props: { jobId: number; chosenModelType: string | null }) {
  const stores = useStores();
  const job = useStore(stores.jobs, (state) => state.jobs[props.jobId]);
  // null follows the newest stage while training runs; a number pins the one picked.
  const [picked, setPicked] = useState<number | null>(null);
  const series = job?.lossSeries ?? [];
  const index =
    picked !== null && picked < series.length ? picked : preferredSeries(series, props.chosenModelType);
  const shown = series[index];
  const left = job?.status === 'running' ? secondsLeft(job.progress) : null;
  if (shown === undefined) {
    return (
      <div data-testid="loss-chart" className="empty">
        <strong>Waiting for the first epoch</strong>
        Loss and validation loss appear here after each epoch (model types fitted in one pass, such as linear,
        report none).
      </div>
    );
  }
  const keys = [...new Set(shown.points.flatMap((point) => Object.keys(point.values)))].sort();
  const rows = shown.points.map((point) => ({ epoch: point.epoch, ...point.values }));
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        {series.length > 1 ? (
          <label className="field inline">
            Candidate
            <select
              data-testid="loss-candidate"
              value={index}
              onChange={(event) => setPicked(Number(event.target.value))}
            >
              {series.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="small muted">{shown.label}</span>
        )}
        {left === null ? null : (
          <span className="small muted" data-testid="train-seconds-left">
            About {formatDuration(left)} left in this stage
          </span>
        )}
      </div>
      {shown.points.length === 1 ? (
        <p className="small muted" style={{ margin: 0 }}>
          {shown.label} reported one pass only:{' '}
          {keys
            .map((key) => `${key.replace(/_/g, ' ')} ${formatNumber(shown.points[0]?.values[key])}`)
            .join(', ')}
          .
        </p>
      ) : null}
      <SimpleLineChart
        testId="loss-chart"
        label={`Loss per epoch: ${shown.label}`}
        data={rows}
        xKey="epoch"
        xLabel="epoch"
        height={260}
        yScale={lossScale(shown)}
        lines={keys.map((key) => ({
          key,
          name: key.replace(/_/g, ' '),
          colour: key.startsWith('validation') ? challengerColour : championColour,
          dashed: key.startsWith('validation'),
        }))}
      />
    </div>
  );
}

export function TrainView() {
  const stores = useStores();
  const train = useStore(stores.train);
  const data = useStore(stores.data);
  const job = useStore(stores.jobs, (state) => (train.jobId === null ? undefined : state.jobs[train.jobId]));

  useEffect(() => {
    if (stores.data.getState().datasets.data === null) void stores.data.getState().loadList();
  }, [stores]);
  // Start from the dataset and target chosen on the Data view (or the newest dataset once listed).
  const dataSelected = data.selectedId;
  useEffect(() => {
    if (dataSelected === null || stores.train.getState().datasetId !== null) return;
    const target = stores.data.getState().targets[dataSelected] ?? null;
    void stores.train.getState().choose({ datasetId: dataSelected, target });
  }, [stores, dataSelected]);
  useEffect(() => {
    const datasetId = train.datasetId;
    if (datasetId !== null && stores.data.getState().selectedId !== datasetId)
      void stores.data.getState().select(datasetId);
  }, [stores, train.datasetId]);

  const datasets = data.datasets.data ?? [];
  const datasetId = train.datasetId ?? data.selectedId;
  const profile = data.dataset.data?.id === datasetId ? data.dataset.data.profile : null;
  const form = train.form?.ok ? train.form.fields : null;
  const yamlProblem = train.form !== null && !train.form.ok ? train.form.message : null;
  const canStart =
    train.datasetId !== null && train.target !== null && yamlProblem === null && !train.starting;
  const running = job?.status === 'running';
  const result = job?.status === 'succeeded' && job.kind === 'train' ? (job.result as TrainingResult) : null;

  if (data.datasets.data !== null && datasets.length === 0) {
    return (
      <Page name="train" title="Train" description="Train a challenger model on a dataset.">
        <Card>
          <EmptyState
            title="No dataset to train on"
            action={
              <a className="btn primary" href={routeHref('data')}>
                Go to Data
              </a>
            }
          >
            Upload a CSV on the Data view first.
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page
      name="train"
      title="Train"
      description="Choose the data, target and model type; adjust trainer and search settings in the form or the YAML beside it; watch the loss per epoch."
      actions={
        <>
          {running && train.jobId !== null ? (
            <button
              type="button"
              className="btn"
              onClick={() => void stores.jobs.getState().cancel(train.jobId as number)}
            >
              Cancel training
            </button>
          ) : null}
          <button
            type="button"
            className="btn primary"
            disabled={!canStart || running}
            onClick={() => void train.start()}
          >
            Train
          </button>
        </>
      }
    >
      <ErrorNote error={train.startError} title="Training did not start" />
      <div className="grid two">
        <Card title="Settings">
          <div className="stack">
            <div className="form-grid">
              <label className="field">
                Dataset
                <select
                  data-testid="train-dataset"
                  value={train.datasetId ?? ''}
                  onChange={(event) => void train.choose({ datasetId: event.target.value, target: null })}
                >
                  <option value="">Choose a dataset…</option>
                  {datasets.map((dataset) => (
                    <option key={dataset.id} value={dataset.id}>
                      {dataset.sourceName} ({dataset.id.slice(0, 8)})
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Target
                <select
                  data-testid="train-target"
                  value={train.target ?? ''}
                  disabled={profile === null}
                  onChange={(event) => void train.choose({ target: event.target.value })}
                >
                  <option value="">Choose the column to predict…</option>
                  {(profile === null ? [] : targetCandidates(profile.columns)).map((column) => (
                    <option key={column.name} value={column.name}>
                      {column.name} ({column.type})
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Model type
                <select
                  data-testid="train-model-type"
                  value={train.modelType}
                  onChange={(event) =>
                    void train.choose({ modelType: event.target.value as ModelTypeChoice })
                  }
                >
                  {modelTypeChoices.map((choice) => (
                    <option key={choice} value={choice}>
                      {choice === 'auto' ? 'auto (best by validation metric)' : choice}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Registry model name (optional)
                <input
                  type="text"
                  value={train.modelName}
                  placeholder="workspace default"
                  onChange={(event) => train.setModelName(event.target.value)}
                />
              </label>
            </div>
            {train.templateLoading ? <Loading what="the model config" /> : null}
            <ErrorNote error={train.templateError} title="No model config for this choice" />
            {form === null || profile === null ? (
              train.target === null ? (
                <p className="muted">Choose a dataset and a target to get a model config to edit.</p>
              ) : null
            ) : (
              <>
                <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                  <legend className="small muted" style={{ marginBottom: 4 }}>
                    Features ({form.features.length} in use)
                  </legend>
                  <div className="checklist">
                    {profile.columns
                      .filter((column) => column.name !== train.target)
                      .map((column) => {
                        const usable =
                          featureTypeFor(column.type) !== null || form.features.includes(column.name);
                        return (
                          <label
                            key={column.name}
                            title={usable ? undefined : `${column.type} columns cannot be features`}
                          >
                            <input
                              type="checkbox"
                              checked={form.features.includes(column.name)}
                              disabled={!usable}
                              onChange={(event) =>
                                train.toggleFeature(column.name, event.target.checked, column.type)
                              }
                            />
                            {column.name} <span className="muted small">{column.type}</span>
                          </label>
                        );
                      })}
                  </div>
                </fieldset>
                <div className="form-grid">
                  <NumberField
                    label="Epochs"
                    value={form.epochs}
                    disabled={false}
                    onChange={(v) => train.patch({ kind: 'set', path: ['trainer', 'epochs'], value: v })}
                  />
                  <NumberField
                    label="Batch size"
                    value={form.batchSize}
                    disabled={false}
                    onChange={(v) => train.patch({ kind: 'set', path: ['trainer', 'batch_size'], value: v })}
                  />
                  <NumberField
                    label="Learning rate"
                    step="any"
                    value={form.learningRate}
                    disabled={false}
                    onChange={(v) =>
                      train.patch({ kind: 'set', path: ['trainer', 'learning_rate'], value: v })
                    }
                  />
                  <NumberField
                    label="Early stop (epochs, −1 off)"
                    value={form.earlyStop}
                    disabled={false}
                    onChange={(v) => train.patch({ kind: 'set', path: ['trainer', 'early_stop'], value: v })}
                  />
                </div>
                <div className="row">
                  <label className="row small" style={{ gap: 6 }}>
                    <input
                      type="checkbox"
                      checked={form.search.enabled}
                      onChange={(event) => train.patch({ kind: 'search', enabled: event.target.checked })}
                    />
                    Hyperparameter search
                  </label>
                  {form.search.enabled ? (
                    <>
                      <NumberField
                        label="Trials"
                        value={form.search.samples}
                        disabled={false}
                        onChange={(v) =>
                          train.patch({ kind: 'set', path: ['hyperopt', 'num_samples'], value: v })
                        }
                      />
                      <label className="field">
                        Search
                        <select
                          value={form.search.algorithm ?? 'random'}
                          onChange={(event) =>
                            train.patch({
                              kind: 'set',
                              path: ['hyperopt', 'search_alg', 'type'],
                              value: event.target.value,
                            })
                          }
                        >
                          <option value="random">random</option>
                          <option value="grid">grid</option>
                        </select>
                      </label>
                    </>
                  ) : null}
                </div>
              </>
            )}
          </div>
        </Card>
        <Card
          title="Model config (YAML)"
          subtitle={
            train.edited
              ? 'Edited: this YAML is sent with the training request.'
              : 'Generated from the data; edit it here or in the form.'
          }
          actions={
            train.edited ? (
              <button type="button" className="btn" onClick={() => void train.loadTemplate()}>
                Reset to generated
              </button>
            ) : undefined
          }
        >
          <textarea
            className="yaml"
            aria-label="Model config YAML"
            data-testid="train-yaml"
            spellCheck={false}
            value={train.yaml}
            onChange={(event) => train.setYaml(event.target.value)}
          />
          {yamlProblem === null ? null : (
            <div className="notice error" role="alert">
              <span className="code">YAML</span>
              {yamlProblem}
            </div>
          )}
        </Card>
      </div>
      {train.jobId === null ? null : (
        <Card title="Training">
          <div className="stack">
            <JobProgress jobId={train.jobId} cancellable testId="train-progress" />
            <LossChart
              key={train.jobId}
              jobId={train.jobId}
              chosenModelType={result?.candidates.find((c) => c.chosen)?.modelType ?? null}
            />
            {result === null ? null : (
              <div className="stack" data-testid="train-result">
                <div className="notice info" role="status">
                  Registered{' '}
                  <strong>
                    {result.model} v{result.version.version}
                  </strong>{' '}
                  ({result.version.modelType}) as {result.version.stage}.{' '}
                  {result.decision === null ? '' : result.decision.summary}{' '}
                  <a href={routeHref('decisions')}>Evaluate it on Decisions</a>
                </div>
                <CandidatesTable
                  candidates={result.candidates}
                  primaryMetric={result.primaryMetric}
                  testId="train-candidates"
                />
                <ColumnChoices columns={result.columns} />
              </div>
            )}
          </div>
        </Card>
      )}
    </Page>
  );
}

/** The columns training left out (and why) and the dates it read as parts, as the CLI prints them. */
function ColumnChoices({ columns }: { columns: readonly ColumnChoice[] }) {
  if (columns.length === 0) return null;
  return (
    <div data-testid="train-column-choices">
      <h3>Columns</h3>
      <ul>
        {columns.map((c) => (
          <li key={c.column}>
            <strong>{c.column}</strong> — {c.choice === 'left_out' ? 'left out' : 'date parts'}: {c.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
