import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { Pool } from 'undici';
import type { CsvDialectOptions, DecimalMark } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import type { ReplayReport } from '../contract/index.js';
import { numberParser, parseDecimalComma, sampleDialect } from '../data/index.js';
import type { InputSignature } from './input-schema.js';

export type ReplayOptions = {
  gatewayUrl: string;
  file: string;
  /** How the file is written, where known (a stored dataset's) or given; otherwise detected. */
  dialect?: CsvDialectOptions;
  /** Requests per second (paced, not a burst). */
  rate: number;
  labelColumn?: string;
  /** Stop after this many seconds, or at the end of the file. */
  durationSeconds?: number;
  /** Stop after this many rows. */
  limit?: number;
  concurrency?: number;
  token?: string;
  onProgress?: (progress: { sent: number; ok: number; failed: number; labelled: number }) => void;
  /** Stops sending (requests in flight still finish); the report covers what was sent. */
  signal?: AbortSignal;
};

export type { ReplayReport } from '../contract/index.js';

/**
 * Sends a CSV's rows through the gateway as live traffic and posts each row's label as feedback:
 * how one analyst exercises a shadow test on one machine. Values are typed by the champion's
 * signature (numbers as numbers, read with the file's decimal mark), as a real client would send
 * them; dates go as written, which the service reads in the training data's format.
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const pool = new Pool(options.gatewayUrl, { connections: options.concurrency ?? 8 });
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  try {
    const info = await pool.request({ path: '/model/info', method: 'GET', headers: auth });
    const infoBody = (await info.body.json()) as {
      input_signature?: InputSignature['inputs'];
      target?: string;
    };
    if (info.statusCode !== 200 || !infoBody.input_signature) {
      throw new PodiumError(
        'NOT_FOUND',
        `The gateway at ${options.gatewayUrl} has no champion to replay against (status ${info.statusCode})`,
      );
    }
    const inputs = infoBody.input_signature;
    const labelColumn = options.labelColumn ?? infoBody.target;
    const report: ReplayReport = { sent: 0, ok: 0, failed: 0, labelled: 0, seconds: 0, statuses: {} };
    const started = Date.now();
    const deadline = options.durationSeconds
      ? started + options.durationSeconds * 1000
      : Number.POSITIVE_INFINITY;
    const interval = 1000 / options.rate;
    const inFlight = new Set<Promise<void>>();
    const concurrency = options.concurrency ?? 8;
    const { delimiter, decimal } = await sampleDialect(options.file, options.dialect);
    const readNumber = numberParser(decimal);
    const parser = createReadStream(options.file).pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, delimiter }),
    );
    let header: string[] | null = null;
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      if (!header) {
        header = Object.keys(row);
        const missing = inputs.filter((input) => !header!.includes(input.name)).map((input) => input.name);
        if (missing.length > 0) {
          throw new PodiumError(
            'DATA_INVALID',
            `${options.file} lacks the model's input column(s) ${missing.join(', ')}`,
            { missing },
          );
        }
        if (labelColumn && options.labelColumn && !header.includes(labelColumn)) {
          throw new PodiumError(
            'DATA_INVALID',
            `${options.file} has no label column ${labelColumn}; columns: ${header.join(', ')}`,
          );
        }
      }
      if (
        options.signal?.aborted ||
        Date.now() >= deadline ||
        (options.limit !== undefined && report.sent >= options.limit)
      )
        break;
      const due = started + report.sent * interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const record = Object.fromEntries(
        inputs.map((input) => [input.name, typed(row[input.name], input.type, readNumber)]),
      );
      const label = labelColumn ? canonicalLabel(row[labelColumn], decimal) : undefined;
      report.sent++;
      const task = sendOne(pool, auth, record, label, report).finally(() => {
        inFlight.delete(task);
        options.onProgress?.({
          sent: report.sent,
          ok: report.ok,
          failed: report.failed,
          labelled: report.labelled,
        });
      });
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    report.seconds = (Date.now() - started) / 1000;
    return report;
  } finally {
    await pool.close();
  }
}

async function sendOne(
  pool: Pool,
  auth: Record<string, string>,
  record: Record<string, unknown>,
  label: string | undefined,
  report: ReplayReport,
): Promise<void> {
  try {
    const response = await pool.request({
      path: '/predict',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(record),
    });
    await response.body.text();
    report.statuses[response.statusCode] = (report.statuses[response.statusCode] ?? 0) + 1;
    if (response.statusCode !== 200) {
      report.failed++;
      return;
    }
    report.ok++;
    const requestId = response.headers['x-request-id'];
    if (label === undefined || label === '' || typeof requestId !== 'string') return;
    const feedback = await pool.request({
      path: '/feedback',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ request_id: requestId, actual: label }),
    });
    await feedback.body.text();
    if (feedback.statusCode === 200) report.labelled++;
  } catch {
    report.failed++;
  }
}

/** A label as the feedback takes it: `3,5` of a decimal-comma file is sent as `3.5`. */
function canonicalLabel(value: string | undefined, decimal: DecimalMark): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (decimal !== ',' || !value.includes(',')) return value;
  const number = parseDecimalComma(value);
  return Number.isFinite(number) ? String(number) : value;
}

function typed(value: string | undefined, type: string, readNumber: (text: string) => number): unknown {
  if (value === undefined || value === '') return null;
  if (type === 'number') {
    const number = readNumber(value);
    return Number.isFinite(number) ? number : null;
  }
  return value;
}
