import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { Pool } from 'undici';
import { userFileSize } from '../common/files.js';
import type { CsvDialectOptions, DecimalMark } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import type { ReplayFailure, ReplayReport } from '../contract/index.js';
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

/** Distinct messages kept per kind of failure. */
const FAILURE_EXAMPLES = 3;

/**
 * Sends a CSV's rows through the gateway as live traffic and posts each row's label as feedback:
 * how one analyst exercises a shadow test on one machine. Values are typed by the champion's
 * signature (numbers as numbers, read with the file's decimal mark; blank cells as null), as a
 * real client would send them; a cell that is not what its field takes is sent as it is, so the
 * service's refusal says why; dates go as written, which the service reads in the training data's
 * format. Failed requests are grouped by route, status and error code, with the first messages
 * and the CSV line of their rows.
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  await userFileSize(options.file);
  const { Pool } = await import('undici');
  const pool = new Pool(options.gatewayUrl, { connections: options.concurrency ?? 8 });
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  try {
    const info = await pool
      .request({ path: '/model/info', method: 'GET', headers: auth })
      .catch((error: unknown) => {
        throw unreachable(options.gatewayUrl, error);
      });
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
    const report: ReplayReport = {
      sent: 0,
      ok: 0,
      failed: 0,
      labelled: 0,
      seconds: 0,
      statuses: {},
      failures: [],
    };
    const failures = new FailureTally();
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
    // Rows are counted from the line after the header; csv-parse skips blank lines, so a file
    // with blank lines or quoted line breaks names a line close to, not exactly at, the row.
    let line = 1;
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      line++;
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
      const task = sendOne(pool, auth, record, label, report, failures.at(line)).finally(() => {
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
    report.failures = failures.list();
    return report;
  } finally {
    await pool.close();
  }
}

/** No gateway answered at all: where replay looked, and how to start one. */
function unreachable(gatewayUrl: string, error: unknown): PodiumError {
  const { host } = new URL(gatewayUrl);
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return new PodiumError(
    'UNAVAILABLE',
    `No gateway answers at ${host}${code ? ` (${code})` : ''}. Start one with \`podium serve\` (it listens on serving.port), or name a running one with --gateway URL.`,
    { gateway: gatewayUrl, ...(code ? { code } : {}) },
  );
}

type Failed = (route: ReplayFailure['route'], status: number, body: string | Error) => void;

async function sendOne(
  pool: Pool,
  auth: Record<string, string>,
  record: Record<string, unknown>,
  label: string | undefined,
  report: ReplayReport,
  failed: Failed,
): Promise<void> {
  let route: ReplayFailure['route'] = '/predict';
  try {
    const response = await pool.request({
      path: route,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(record),
    });
    const answer = await response.body.text();
    report.statuses[response.statusCode] = (report.statuses[response.statusCode] ?? 0) + 1;
    if (response.statusCode !== 200) {
      report.failed++;
      failed(route, response.statusCode, answer);
      return;
    }
    report.ok++;
    const requestId = response.headers['x-request-id'];
    if (label === undefined || label === '' || typeof requestId !== 'string') return;
    route = '/feedback';
    const feedback = await pool.request({
      path: route,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ request_id: requestId, actual: label }),
    });
    const stored = await feedback.body.text();
    if (feedback.statusCode === 200) report.labelled++;
    else failed(route, feedback.statusCode, stored);
  } catch (error) {
    if (route === '/predict') report.failed++;
    failed(route, 0, error as Error);
  }
}

/** Failed requests grouped by route, status and error code, most frequent first. */
class FailureTally {
  private readonly groups = new Map<string, ReplayFailure>();

  /** The reporter for the row on CSV line `line`. */
  at(line: number): Failed {
    return (route, status, body) => {
      const { code, message } = body instanceof Error ? networkError(body) : errorOf(body);
      const key = `${route} ${status} ${code}`;
      let group = this.groups.get(key);
      if (!group) {
        group = { route, status, code, count: 0, examples: [] };
        this.groups.set(key, group);
      }
      group.count++;
      if (group.examples.length < FAILURE_EXAMPLES) group.examples.push(`line ${line}: ${message}`);
    };
  }

  list(): ReplayFailure[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count);
  }
}

/** The {error: {code, message}} of a failed answer, or what can be said of another body. */
function errorOf(body: string): { code: string; message: string } {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.code === 'string' && typeof error.message === 'string') {
      return { code: error.code, message: error.message };
    }
  } catch {
    // Not JSON: shown as it came, shortened.
  }
  return { code: 'UNKNOWN', message: body.slice(0, 200) || '(empty answer)' };
}

function networkError(error: Error): { code: string; message: string } {
  return { code: (error as { code?: string }).code ?? 'NETWORK', message: error.message };
}

/** A label as the feedback takes it: `3,5` of a decimal-comma file is sent as `3.5`. */
function canonicalLabel(value: string | undefined, decimal: DecimalMark): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (decimal !== ',' || !value.includes(',')) return value;
  const number = parseDecimalComma(value);
  return Number.isFinite(number) ? String(number) : value;
}

/**
 * A CSV cell as a client would send it: blank is null; a number field's numeric text (in the
 * file's decimal mark) is a number. Anything else goes as text, so a cell the model cannot read
 * is refused with a reason instead of silently becoming a missing value.
 */
function typed(value: string | undefined, type: string, readNumber: (text: string) => number): unknown {
  if (value === undefined || value.trim() === '') return null;
  if (type === 'number') {
    const number = readNumber(value);
    return Number.isFinite(number) ? number : value;
  }
  return value;
}
