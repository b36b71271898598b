import { PodiumError } from '../../contract/errors.js';

export type MetricSample = { name: string; labels: Record<string, string>; value: number };

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;

/**
 * Reads the Prometheus text exposition format (what prom-client and every /metrics here
 * write). Only samples matter to the sampler, so HELP/TYPE comments and timestamps are skipped.
 * A malformed line is an error naming the line: a half-read scrape would produce wrong deltas.
 */
export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      samples.push(parseLine(line));
    } catch (error) {
      throw new PodiumError(
        'DATA_INVALID',
        `Metrics line ${index + 1} is not in the Prometheus text format: ${(error as Error).message}`,
        { line: index + 1 },
      );
    }
  }
  return samples;
}

function parseLine(line: string): MetricSample {
  NAME.lastIndex = 0;
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error('no metric name');
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at = parseLabels(line, at + 1, labels);
  }
  const rest = line.slice(at).trim().split(/\s+/);
  if (rest[0] === undefined || rest[0] === '') throw new Error('no value');
  return { name, labels, value: parseValue(rest[0]) };
}

/** Parses `a="x",b="y"}` starting after the brace; returns the index after the closing brace. */
function parseLabels(line: string, start: number, into: Record<string, string>): number {
  let at = start;
  for (;;) {
    while (line[at] === ' ' || line[at] === ',') at++;
    if (line[at] === '}') return at + 1;
    LABEL_NAME.lastIndex = at;
    const label = LABEL_NAME.exec(line)?.[0];
    if (!label) throw new Error(`bad label name at column ${at + 1}`);
    at += label.length;
    if (line[at] !== '=' || line[at + 1] !== '"') throw new Error(`expected ="…" after ${label}`);
    at += 2;
    let value = '';
    for (;;) {
      const char = line[at];
      if (char === undefined) throw new Error(`unterminated value of ${label}`);
      at++;
      if (char === '"') break;
      if (char === '\\') {
        const escaped = line[at++];
        value += escaped === 'n' ? '\n' : (escaped ?? '');
      } else {
        value += char;
      }
    }
    into[label] = value;
  }
}

function parseValue(token: string): number {
  switch (token) {
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    case 'NaN':
      return Number.NaN;
  }
  const value = Number(token);
  if (Number.isNaN(value)) throw new Error(`bad value ${token}`);
  return value;
}
