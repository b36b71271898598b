import { CSV_DELIMITERS, DECIMAL_MARKS } from '../../main/contract/csv-dialect.js';
import { DATE_FORMATS } from '../../main/contract/date-formats.js';
import type { CsvDialect } from '../../main/contract/index.js';
import { ErrorNote, Pill } from '../components/notices.js';
import { decimalLabel, delimiterLabel, type PendingUpload } from '../store/data-store.js';
import { useStores } from '../stores-context.js';

/** How a CSV is written (separator, decimal mark, date formats), as pills. */
export function DialectSummary(props: { dialect: CsvDialect; testId?: string }) {
  const { dialect } = props;
  const dates = Object.entries(dialect.dateFormats);
  return (
    <span className="row" style={{ gap: 6 }} data-testid={props.testId}>
      <Pill tone="info">{delimiterLabel(dialect.delimiter)}</Pill>
      <Pill tone="info">{decimalLabel(dialect.decimal)}</Pill>
      {dates.length === 0 ? (
        <Pill tone="neutral">no date columns</Pill>
      ) : (
        dates.map(([column, format]) => (
          <Pill key={column} tone="info">
            {column}: {format}
          </Pill>
        ))
      )}
    </span>
  );
}

/** A chosen file before it is stored: how Podium reads it, with the parts the user may change. */
export function DialectCheck(props: { pending: PendingUpload }) {
  const stores = useStores();
  const { pending } = props;
  const detected = pending.detected.data;
  const data = stores.data.getState();
  const dateColumns = detected === null ? [] : Object.keys(detected.dateFormats);
  return (
    <div className="stack" data-testid="dialect-check" style={{ gap: 10 }}>
      <div className="row">
        <strong>{pending.fileName}</strong>
        {detected === null ? null : <DialectSummary dialect={detected} testId="dialect-detected" />}
        {pending.detected.loading ? <span className="muted small">reading…</span> : null}
      </div>
      <ErrorNote error={pending.detected.error} title="Could not read how the file is written" />
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <OverrideSelect
          label="Separator"
          testId="dialect-delimiter"
          choices={CSV_DELIMITERS}
          value={pending.override.delimiter}
          detectedText={detected === null ? 'detected' : `detected: ${delimiterLabel(detected.delimiter)}`}
          labelOf={delimiterLabel}
          onChange={(delimiter) => void data.override({ delimiter })}
        />
        <OverrideSelect
          label="Decimal mark"
          testId="dialect-decimal"
          choices={DECIMAL_MARKS}
          value={pending.override.decimal}
          detectedText={detected === null ? 'detected' : `detected: ${decimalLabel(detected.decimal)}`}
          labelOf={decimalLabel}
          onChange={(decimal) => void data.override({ decimal })}
        />
        <OverrideSelect
          label="Date format"
          testId="dialect-date-format"
          choices={DATE_FORMATS}
          value={pending.override.dateFormat}
          detectedText={dateColumns.length === 0 ? 'detected (no dates seen)' : 'detected per column'}
          labelOf={(format) => format}
          onChange={(dateFormat) => void data.override({ dateFormat })}
        />
        <button
          type="button"
          className="btn primary"
          disabled={pending.detected.loading}
          onClick={() => void data.ingestPending()}
        >
          Store dataset
        </button>
        <button type="button" className="btn" onClick={() => data.cancelPending()}>
          Cancel
        </button>
      </div>
      <p className="muted small" style={{ margin: 0 }}>
        Detected from the first lines. Change a part only if it is wrong; the date format applies to every
        date column where the values cannot tell (e.g. 03.04.2024).
      </p>
    </div>
  );
}

/** One part of the dialect: "detected" (no override) or one of the values Podium knows. */
function OverrideSelect<T extends string>(props: {
  label: string;
  testId: string;
  choices: readonly T[];
  value: T | undefined;
  detectedText: string;
  labelOf: (choice: T) => string;
  onChange: (choice: T | undefined) => void;
}) {
  return (
    <label className="field">
      {props.label}
      <select
        data-testid={props.testId}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(props.choices.find((choice) => choice === event.target.value))}
      >
        <option value="">{props.detectedText}</option>
        {props.choices.map((choice) => (
          <option key={choice} value={choice}>
            {props.labelOf(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
