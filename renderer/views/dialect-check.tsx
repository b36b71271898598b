import { CSV_DELIMITERS, DECIMAL_MARKS } from '../../main/contract/csv-dialect.js';
import { DATE_FORMATS } from '../../main/contract/date-formats.js';
import type { CsvDialect, DateFormat } from '../../main/contract/index.js';
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
        <label className="field">
          Separator
          <select
            data-testid="dialect-delimiter"
            value={pending.override.delimiter ?? ''}
            onChange={(event) =>
              void data.override({
                delimiter:
                  event.target.value === ''
                    ? undefined
                    : CSV_DELIMITERS.find((d) => d === event.target.value),
              })
            }
          >
            <option value="">
              detected{detected === null ? '' : `: ${delimiterLabel(detected.delimiter)}`}
            </option>
            {CSV_DELIMITERS.map((delimiter) => (
              <option key={delimiter} value={delimiter}>
                {delimiterLabel(delimiter)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Decimal mark
          <select
            data-testid="dialect-decimal"
            value={pending.override.decimal ?? ''}
            onChange={(event) =>
              void data.override({
                decimal:
                  event.target.value === '' ? undefined : DECIMAL_MARKS.find((d) => d === event.target.value),
              })
            }
          >
            <option value="">detected{detected === null ? '' : `: ${decimalLabel(detected.decimal)}`}</option>
            {DECIMAL_MARKS.map((decimal) => (
              <option key={decimal} value={decimal}>
                {decimalLabel(decimal)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Date format
          <select
            data-testid="dialect-date-format"
            value={pending.override.dateFormat ?? ''}
            onChange={(event) =>
              void data.override({
                dateFormat:
                  event.target.value === ''
                    ? undefined
                    : DATE_FORMATS.find((format): format is DateFormat => format === event.target.value),
              })
            }
          >
            <option value="">
              {dateColumns.length === 0 ? 'detected (no dates seen)' : 'detected per column'}
            </option>
            {DATE_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format}
              </option>
            ))}
          </select>
        </label>
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
