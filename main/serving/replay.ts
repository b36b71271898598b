import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { Pool } from 'undici';
import { userFileSize } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import type { ReplayReport } from '../contract/index.js';
import type { InputSignature } from './input-schema.js';

export type ReplayOptions = {
  gatewayUrl: string;
  file: string;
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
 * signature (numbers as numbers), as a real client would send them.
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  await userFileSize(options.file);
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
    const report: ReplayReport = { sent: 0, ok: 0, failed: 0, labelled: 0, seconds: 0, statuses: {} };
    const started = Date.now();
    const deadline = options.durationSeconds
      ? started + options.durationSeconds * 1000
      : Number.POSITIVE_INFINITY;
    const interval = 1000 / options.rate;
    const inFlight = new Set<Promise<void>>();
    const concurrency = options.concurrency ?? 8;
    const parser = createReadStream(options.file).pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true }),
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
        inputs.map((input) => [input.name, typed(row[input.name], input.type)]),
      );
      const label = labelColumn ? row[labelColumn] : undefined;
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
      body: JSON.stringify({ request_id: requestId, actual: typed(label, 'category') }),
    });
    await feedback.body.text();
    if (feedback.statusCode === 200) report.labelled++;
  } catch {
    report.failed++;
  }
}

function typed(value: string | undefined, type: string): unknown {
  if (value === undefined || value === '') return null;
  if (type === 'number') {
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }
  return value;
}
