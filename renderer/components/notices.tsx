import type { ReactNode } from 'react';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import { formatNumber } from '../format.js';
import type { Tone } from '../store/tone.js';

/** Errors are shown with their code and message, never swallowed; details stay one click away. */
export function ErrorNote(props: { error: PodiumErrorData | null | undefined; title?: string }) {
  const error = props.error;
  if (error === null || error === undefined) return null;
  const hasDetails = error.details !== undefined && Object.keys(error.details).length > 0;
  return (
    <div className="notice error" role="alert" data-testid="error-note">
      {props.title === undefined ? null : <strong>{props.title}: </strong>}
      <span className="code">{error.code}</span>
      <span>{error.message}</span>
      {hasDetails ? (
        <details>
          <summary>Details</summary>
          <pre className="mono" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {JSON.stringify(error.details, null, 2)}
          </pre>
        </details>
      ) : null}
    </div>
  );
}

/** An empty state says what is missing and what to do next. */
export function EmptyState(props: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <strong>{props.title}</strong>
      <div>{props.children}</div>
      {props.action === undefined ? null : <div style={{ marginTop: 12 }}>{props.action}</div>}
    </div>
  );
}

export function Loading(props: { what: string }) {
  return (
    <div className="muted small" role="status">
      Loading {props.what}…
    </div>
  );
}

export type { Tone };

export function Pill(props: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`pill ${props.tone === 'neutral' ? '' : props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}

/** Determinate when total > 0, otherwise an indeterminate bar (work whose size is not known yet). */
export function ProgressBar(props: {
  current: number;
  total: number;
  label: string;
  testId?: string;
  /** Replaces "current of total" when the bar is capped but the real count is worth saying. */
  detail?: string;
}) {
  const determinate = props.total > 0;
  const percent = determinate ? Math.min(100, Math.round((props.current / props.total) * 100)) : 0;
  return (
    <div className="progress" data-testid={props.testId}>
      <div className="small muted">
        {props.label}
        {props.detail !== undefined
          ? ` — ${props.detail}`
          : determinate
            ? ` — ${formatNumber(props.current)} of ${formatNumber(props.total)}`
            : ''}
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={determinate ? props.total : undefined}
        aria-valuenow={determinate ? props.current : undefined}
      >
        <div
          className={`progress-fill ${determinate ? '' : 'indeterminate'}`}
          style={determinate ? { width: `${percent}%` } : undefined}
        />
      </div>
    </div>
  );
}
