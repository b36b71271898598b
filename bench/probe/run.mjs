// The probe's runner: prepares the data once (untimed), then runs every method in its own
// process, round after round (interleaved, so a noisy neighbour hurts all methods alike), and
// prints medians, peak RSS and whether every reader produced the same columns.
//   node bench/probe/run.mjs [rounds=3] [method,method,...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSV_FILE, PROBE_DATA, podium } from './common.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const ALL = [
  'podium-ingest',
  'podium-load',
  'bytes-1',
  'bytes-2',
  'duckdb-csv',
  'duckdb-csv-typed',
  'pandas-typed',
  'pandas-plain',
  'duckdb-write-parquet',
  'duckdb-write-parquet-zstd',
  'duckdb-parquet',
  'parquet-wasm',
  'hyparquet',
];
const PIPELINES = ['data-add-proto-1', 'data-add-proto-2', 'pandas-profile', 'drift-proto', 'pandas-drift'];
const GROUPS = { all: ALL, pipelines: PIPELINES };
const methods = GROUPS[process.argv[3] ?? 'all'] ?? process.argv[3].split(',');
const python = process.env.PROBE_PYTHON ?? findPython();

function findPython() {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(candidate, ['-c', 'import pandas'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

mkdirSync(PROBE_DATA, { recursive: true });
if (!existsSync(CSV_FILE)) {
  console.error('generating the 1,000,000-row sample with Podium’s generator…');
  const gen = spawnSync(process.execPath, [join(here, 'gen.mjs')], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(1);
}
const snapshotFile = join(PROBE_DATA, 'snapshot.json');
if (!existsSync(snapshotFile)) {
  console.error('ingesting once for podium-load…');
  const { ingestCsvInThread } = await podium('main/data/index.js');
  const snapshot = await ingestCsvInThread(CSV_FILE, {
    datasetsDir: join(PROBE_DATA, 'datasets'),
    target: 'target',
  });
  writeFileSync(snapshotFile, JSON.stringify(snapshot));
}
if (!existsSync(join(PROBE_DATA, 'drift_full.csv'))) {
  console.error('generating the drifted 1,000,000-row file…');
  const gen = spawnSync(process.execPath, [join(here, 'gen.mjs'), '1000000', 'drift'], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(1);
}
if (!existsSync(join(PROBE_DATA, 'reference.json'))) {
  console.error('building the drift reference from the baseline…');
  const { buildReferenceDistribution } = await podium('main/monitoring/drift/index.js');
  const { readCsvColumns } = await import('./byte-parser.mjs');
  const { driftColumns } = await import('./drift-columns.mjs');
  const table = readCsvColumns(CSV_FILE, { categorical: ['target'] });
  writeFileSync(
    join(PROBE_DATA, 'reference.json'),
    JSON.stringify(buildReferenceDistribution(driftColumns(table))),
  );
}
if (python !== null && !existsSync(join(PROBE_DATA, 'reference.npz'))) {
  spawnSync(python, [join(here, 'pandas_read.py'), 'pandas-reference'], { stdio: 'inherit' });
}
if (!existsSync(join(PROBE_DATA, 'baseline_full.parquet'))) {
  console.error('writing the Parquet file once…');
  runOne('duckdb-write-parquet');
}

function runOne(method) {
  const isPython = method.startsWith('pandas');
  if (isPython && python === null) return { method, error: 'no python3 with pandas' };
  const child = isPython
    ? spawnSync(python, [join(here, 'pandas_read.py'), method], { encoding: 'utf8', maxBuffer: 1 << 24 })
    : spawnSync(process.execPath, [join(here, 'method.mjs'), method], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
  if (child.status !== 0)
    return { method, error: (child.stderr || child.stdout).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

const results = Object.fromEntries(methods.map((m) => [m, []]));
for (let round = 0; round < rounds; round++) {
  for (const method of methods) {
    const result = runOne(method);
    results[method].push(result);
    console.error(
      `round ${round + 1} ${method}: ${result.error ?? `${result.seconds} s wall, ${result.cpuSeconds} s CPU, ${result.peakRssMb} MB`}`,
    );
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)];
};
// The byte reader's columns are the reference; kept from an earlier run when it is not in this one.
const referenceFile = join(PROBE_DATA, 'reference-checksum.json');
let reference = results['bytes-1']?.find((r) => r.checksum)?.checksum;
if (reference) writeFileSync(referenceFile, JSON.stringify(reference));
else if (existsSync(referenceFile)) reference = JSON.parse(readFileSync(referenceFile, 'utf8'));
function agrees(checksum) {
  if (!checksum || !reference) return '—';
  const problems = [];
  const untyped = [];
  for (const [name, ref] of Object.entries(reference)) {
    const got = checksum[name];
    if (!got || got.kind !== ref.kind) {
      untyped.push(name);
      continue;
    }
    if (got.missing !== ref.missing) problems.push(`${name} missing ${got.missing}≠${ref.missing}`);
    if (ref.counts && JSON.stringify(got.counts) !== JSON.stringify(ref.counts))
      problems.push(`${name} counts`);
    if (ref.sum !== undefined && Math.abs(got.sum - ref.sum) > 1e-6 * Math.abs(ref.sum))
      problems.push(`${name} sum`);
  }
  const left = untyped.length === 0 ? '' : ` (${untyped.join(', ')} not typed)`;
  return (problems.length === 0 ? 'same columns' : problems.join('; ')) + left;
}
const lines = [
  '| method | median wall (s) | runs (s) | median CPU (s) | peak RSS (MB, median) | steps, last run (wall/CPU s) | columns |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
for (const method of methods) {
  const ok = results[method].filter((r) => !r.error);
  if (ok.length === 0) {
    lines.push(`| ${method} | — | ${results[method][0]?.error ?? ''} | | | | |`);
    continue;
  }
  const last = ok[ok.length - 1];
  const steps = Object.entries(last.steps ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
  const extra = last.bytes ? ` (${(last.bytes / 1e6).toFixed(1)} MB file)` : '';
  lines.push(
    `| ${method}${extra} | ${median(ok.map((r) => r.seconds)).toFixed(2)} | ${ok.map((r) => r.seconds.toFixed(2)).join(', ')} | ${median(ok.map((r) => r.cpuSeconds)).toFixed(2)} | ${median(ok.map((r) => r.peakRssMb))} | ${steps} | ${agrees(last.checksum)} |`,
  );
}
const table = lines.join('\n');
console.log(table);
writeFileSync(join(PROBE_DATA, `results-${Date.now()}.json`), JSON.stringify(results, null, 2));
