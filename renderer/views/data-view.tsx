import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ColumnProfile } from '../../main/contract/index.js';
import { DataTable } from '../components/data-table.js';
import { MiniHistogram } from '../components/mini-histogram.js';
import { EmptyState, ErrorNote, Loading, Pill, ProgressBar } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import {
  formatBytes,
  formatDate,
  formatNumber,
  formatPercent,
  formatYear,
  isYearColumn,
  shortId,
} from '../format.js';
import { routeHref } from '../router.js';
import { missingShare, targetCandidates, taskFor } from '../store/data-store.js';
import { useStores } from '../stores-context.js';
import { DialectCheck, DialectSummary } from './dialect-check.js';

function ColumnSummary(props: { column: ColumnProfile }) {
  const { column } = props;
  if (column.numeric !== undefined) {
    const format = isYearColumn(column.name) ? formatYear : formatNumber;
    return (
      <div className="row" style={{ gap: 10 }}>
        <MiniHistogram counts={column.numeric.histogram.counts} label={`Histogram of ${column.name}`} />
        <span className="small muted">
          {format(column.numeric.min)} … {format(column.numeric.max)}, mean {format(column.numeric.mean)}
        </span>
      </div>
    );
  }
  if (column.categorical !== undefined) {
    const top = column.categorical.top.slice(0, 12);
    return (
      <div className="row" style={{ gap: 10 }}>
        <MiniHistogram
          counts={top.map((entry) => entry.count)}
          label={`Most frequent values of ${column.name}`}
        />
        <span className="small muted">
          {top
            .slice(0, 3)
            .map((entry) => entry.value)
            .join(', ')}
          {column.categorical.top.length > 3 ? '…' : ''}
        </span>
      </div>
    );
  }
  if (column.date !== undefined) {
    return (
      <span className="small muted">
        {column.date.min.slice(0, 10)} … {column.date.max.slice(0, 10)} ({column.date.format})
      </span>
    );
  }
  return <span className="small muted">{column.levels === undefined ? '' : column.levels.join(' / ')}</span>;
}

/** Separator, decimal mark and date formats in one line: "semicolon (;), decimal comma (3,5), dates DD.MM.YYYY". */
function DropZone(props: { onFile: (file: File) => void; busy: boolean }) {
  const [active, setActive] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setActive(false);
    const file = event.dataTransfer.files[0];
    if (file !== undefined) props.onFile(file);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the keyboard path is the file button inside it.
    <div
      className={`drop-zone ${active ? 'active' : ''}`}
      data-testid="csv-drop"
      onDragOver={(event) => {
        event.preventDefault();
        setActive(true);
      }}
      onDragLeave={() => setActive(false)}
      onDrop={onDrop}
    >
      <p style={{ margin: '0 0 10px' }}>
        <strong>Drop a CSV or Parquet file here</strong> — it is stored as an immutable dataset snapshot and
        profiled.
      </p>
      <input
        ref={input}
        id="csv-file"
        type="file"
        accept=".csv,text/csv,.parquet"
        data-testid="csv-file"
        style={{ display: 'none' }}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file !== undefined) props.onFile(file);
          event.target.value = '';
        }}
      />
      <button
        type="button"
        className="btn primary"
        disabled={props.busy}
        onClick={() => input.current?.click()}
      >
        Choose a CSV or Parquet file
      </button>
    </div>
  );
}

export function DatasetsView() {
  const stores = useStores();
  const state = useStore(stores.data);
  const [readError, setReadError] = useState<string | null>(null);
  useEffect(() => {
    void stores.data.getState().loadList();
  }, [stores]);

  // Only the first lines are read now, to show how the file reads; it goes up in chunks (or, in
  // the desktop app, is read where it is) when stored, never as one string.
  const upload = async (file: File) => {
    setReadError(null);
    try {
      await stores.data.getState().choose(file);
    } catch (error) {
      setReadError(`Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const dataset = state.dataset.data;
  const target = dataset === null ? undefined : state.targets[dataset.id];
  const candidates = dataset === null ? [] : targetCandidates(dataset.profile.columns);
  const targetColumn = candidates.find((column) => column.name === target);

  return (
    <Page
      name="data"
      title="Data"
      description="Upload a CSV or Parquet file, check its profile (types, missing values, distributions) and choose the column to predict."
    >
      <Card title="Upload">
        {state.pending === null ? (
          <DropZone onFile={(file) => void upload(file)} busy={state.upload.status === 'uploading'} />
        ) : (
          <DialectCheck pending={state.pending} />
        )}
        <div style={{ marginTop: 10 }}>
          {state.upload.status === 'uploading' ? (
            <div className="row" style={{ gap: 10, alignItems: 'center' }}>
              <div style={{ flex: 1 }}>
                <ProgressBar
                  testId="upload-progress"
                  current={state.upload.current}
                  total={state.upload.bytes}
                  label={`${state.upload.phase === 'sending' ? 'Uploading' : 'Reading and profiling'} ${state.upload.fileName}`}
                  detail={`${formatBytes(state.upload.current)} of ${formatBytes(state.upload.bytes)}`}
                />
              </div>
              <button
                type="button"
                className="btn"
                data-testid="upload-cancel"
                disabled={state.upload.cancelling}
                onClick={() => void stores.data.getState().cancelUpload()}
              >
                {state.upload.cancelling ? 'Cancelling…' : 'Cancel'}
              </button>
            </div>
          ) : null}
          {state.upload.status === 'cancelled' ? (
            <div className="notice info" role="status" data-testid="upload-cancelled">
              Upload of {state.upload.fileName} cancelled; nothing was stored.
            </div>
          ) : null}
          {state.upload.status === 'done' ? (
            <div className="notice info" role="status" data-testid="upload-done">
              Stored {state.upload.fileName} as dataset <code>{shortId(state.upload.datasetId, 12)}</code>.
            </div>
          ) : null}
          {state.upload.status === 'failed' ? (
            <ErrorNote error={state.upload.error} title={`${state.upload.fileName} was not stored`} />
          ) : null}
          {readError === null ? null : (
            <div className="notice error" role="alert">
              {readError}
            </div>
          )}
        </div>
      </Card>

      <div className="grid sidebar-left">
        <Card title="Dataset versions" subtitle="Each upload is a snapshot named by its content hash.">
          <ErrorNote error={state.datasets.error} title="Could not list datasets" />
          {state.datasets.data === null || state.datasets.data.length === 0 ? (
            state.datasets.loading ? (
              <Loading what="datasets" />
            ) : (
              <EmptyState title="No datasets yet">
                Drop a CSV or Parquet file above or choose one with the button.
              </EmptyState>
            )
          ) : (
            <DataTable
              label="Datasets"
              testId="dataset-table"
              rows={state.datasets.data}
              rowKey={(row) => row.id}
              selectedKeys={new Set(state.selectedId === null ? [] : [state.selectedId])}
              onRowClick={(row) => void stores.data.getState().select(row.id)}
              columns={[
                {
                  key: 'name',
                  header: 'File',
                  render: (row) => (
                    <div>
                      <div>{row.sourceName}</div>
                      <div className="small muted">
                        {shortId(row.id)} · {formatDate(row.createdAt)}
                      </div>
                    </div>
                  ),
                },
                { key: 'rows', header: 'Rows', numeric: true, render: (row) => formatNumber(row.rows) },
              ]}
            />
          )}
        </Card>

        <Card
          title={dataset === null ? 'Profile' : `Profile of ${dataset.sourceName}`}
          subtitle={
            dataset === null
              ? undefined
              : `${formatNumber(dataset.rows)} rows · ${dataset.columns} columns · ${formatBytes(dataset.bytes)}`
          }
          actions={
            dataset === null ? undefined : (
              <DialectSummary dialect={dataset.dialect} testId="dataset-dialect" />
            )
          }
        >
          <ErrorNote error={state.dataset.error} title="Could not load the profile" />
          {dataset === null ? (
            state.dataset.loading ? (
              <Loading what="the profile" />
            ) : (
              <EmptyState title="No dataset selected">Upload a CSV or pick one from the list.</EmptyState>
            )
          ) : (
            <div className="stack">
              <div className="row">
                <label className="field">
                  Target (the column to predict)
                  <select
                    data-testid="target-select"
                    value={target ?? ''}
                    onChange={(event) => stores.data.getState().setTarget(dataset.id, event.target.value)}
                  >
                    <option value="">Choose a column…</option>
                    {candidates.map((column) => (
                      <option key={column.name} value={column.name}>
                        {column.name} ({column.type})
                      </option>
                    ))}
                  </select>
                </label>
                {targetColumn === undefined ? (
                  <span className="muted small">Pick a target to train on this dataset.</span>
                ) : (
                  <>
                    <Pill tone="info">{taskFor(targetColumn)}</Pill>
                    <a
                      className="btn primary"
                      href={routeHref('train')}
                      onClick={() =>
                        void stores.train
                          .getState()
                          .choose({ datasetId: dataset.id, target: targetColumn.name })
                      }
                    >
                      Train a model on {targetColumn.name}
                    </a>
                  </>
                )}
              </div>
              <DataTable
                label="Column profile"
                testId="profile-table"
                rows={dataset.profile.columns}
                rowKey={(column) => column.name}
                maxHeight={520}
                columns={[
                  { key: 'name', header: 'Column', render: (column) => <strong>{column.name}</strong> },
                  {
                    key: 'type',
                    header: 'Type',
                    render: (column) => <Pill tone="neutral">{column.type}</Pill>,
                  },
                  {
                    key: 'missing',
                    header: 'Missing',
                    numeric: true,
                    render: (column) => (
                      <span className={column.missing > 0 ? undefined : 'muted'}>
                        {formatNumber(column.missing)} ({formatPercent(missingShare(column))})
                      </span>
                    ),
                  },
                  {
                    key: 'distinct',
                    header: 'Distinct',
                    numeric: true,
                    render: (column) => formatNumber(column.distinct),
                  },
                  {
                    key: 'summary',
                    header: 'Distribution',
                    render: (column) => <ColumnSummary column={column} />,
                  },
                ]}
              />
            </div>
          )}
        </Card>
      </div>
    </Page>
  );
}
