// One measured reading, in its own process so its peak RSS is its own:
//   node bench/probe/method.mjs <method>
// Prints one JSON line: seconds (wall, the timed part only), cpuSeconds (all threads), steps,
// peakRssMb (whole process, includes module loading and native memory) and a checksum of the
// columns, which the runner compares across readers.
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvColumns } from './byte-parser.mjs';
import { readCsvColumnsParallel } from './byte-parser-parallel.mjs';
import { CSV_FILE, checksum, importProbe, PROBE_DATA, podium, report } from './common.mjs';
import { driftColumns } from './drift-columns.mjs';
import { csvRelation, loadColumns, openDuckDb, parquetRelation } from './duckdb-columns.mjs';
import { profileTable } from './profile-proto.mjs';

const CATEGORICAL = ['target'];
export const PARQUET_FILE = join(PROBE_DATA, 'baseline_full.parquet');
export const SNAPSHOT_FILE = join(PROBE_DATA, 'snapshot.json');
export const DRIFT_CSV = join(PROBE_DATA, 'drift_full.csv');
export const REFERENCE_FILE = join(PROBE_DATA, 'reference.json');

const method = process.argv[2];
const steps = {};
let last = performance.now();
const started = last;
const cpuBefore = process.cpuUsage();
let lastCpu = process.cpuUsage();
/** Records a step as "wall s / CPU s". */
const lap = (name) => {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  steps[name] = `${((now - last) / 1000).toFixed(2)}/${((cpu.user + cpu.system) / 1e6).toFixed(2)}`;
  last = now;
  lastCpu = process.cpuUsage();
};
const finish = (table, extra = {}) => {
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const columns = table
    ? Object.fromEntries(table.header.map((name, c) => [name, table.columns[c]]))
    : undefined;
  report({
    method,
    seconds: Number(seconds.toFixed(3)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    steps,
    rows: table?.rows,
    checksum: columns ? checksum(columns) : undefined,
    ...extra,
  });
};

/** Podium's Table (strings for categories) → the probe's typed columns (dictionary codes). */
function fromPodiumTable(table) {
  return {
    rows: table.rowCount,
    header: table.columns.map((column) => column.name),
    columns: table.columns.map((column) => {
      if (Array.isArray(column.values)) {
        const codes = new Map();
        const dictionary = [];
        const out = new Int32Array(column.values.length);
        column.values.forEach((value, i) => {
          if (value === null) {
            out[i] = -1;
            return;
          }
          let code = codes.get(value);
          if (code === undefined) {
            code = dictionary.length;
            codes.set(value, code);
            dictionary.push(value);
          }
          out[i] = code;
        });
        return { kind: 'category', values: out, dictionary };
      }
      if (column.type === 'date') {
        const days = new Int32Array(column.values.length);
        column.values.forEach((ms, i) => {
          days[i] = Number.isNaN(ms) ? -2147483648 : Math.floor(ms / 86_400_000);
        });
        return { kind: 'date', values: days };
      }
      if (column.type === 'binary') {
        // Podium reads the 0/1 target as a binary Float64 column; as codes for the checksum.
        const [low, high] = column.levels;
        const out = Int32Array.from(column.values, (v) => (Number.isNaN(v) ? -1 : v));
        return { kind: 'category', values: out, dictionary: [low, high] };
      }
      return { kind: 'numeric', values: column.values };
    }),
  };
}

switch (method) {
  case 'podium-ingest': {
    // What `podium drift --data` and the UI's ingest do first: profile pass (csv-parse in
    // worker threads), SHA-256, snapshot copy. It yields a profile, not columns.
    const { ingestCsvInThread } = await podium('main/data/index.js');
    const dir = mkdtempSync(join(PROBE_DATA, 'ingest-'));
    lap('import');
    const snapshot = await ingestCsvInThread(CSV_FILE, { datasetsDir: dir, target: 'target' });
    lap('ingest');
    rmSync(dir, { recursive: true, force: true });
    finish(undefined, { rows: snapshot.profile.rows });
    break;
  }
  case 'podium-load': {
    // What `podium drift --data` does next: loadTable (csv-parse on one thread, Float64Array
    // for numbers and dates, string arrays for categories), then codes for the categories.
    const { loadTable } = await podium('main/data/index.js');
    const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8'));
    lap('import');
    const table = await loadTable(snapshot.path, snapshot.profile, snapshot.dialect);
    lap('loadTable');
    const typed = fromPodiumTable(table);
    lap('dictionary codes');
    finish(typed);
    break;
  }
  case 'bytes-1': {
    const table = readCsvColumns(CSV_FILE, { categorical: CATEGORICAL });
    lap('read + parse');
    finish(table, { bad: table.bad });
    break;
  }
  case 'bytes-2':
  case 'bytes-4': {
    const workers = Number(method.slice(-1));
    const table = await readCsvColumnsParallel(CSV_FILE, { categorical: CATEGORICAL, workers });
    lap('read + parse + merge');
    finish(table, { bad: table.bad });
    break;
  }
  case 'duckdb-csv': {
    const { connection } = await openDuckDb();
    lap('open');
    await connection.run(`CREATE TABLE t AS SELECT * FROM ${csvRelation(CSV_FILE)}`);
    lap('read_csv into a DuckDB table');
    const table = await loadColumns(connection, 't', { categorical: CATEGORICAL, materialise: false });
    lap('dictionaries + fetch typed columns');
    finish(table);
    break;
  }
  case 'duckdb-write-parquet':
  case 'duckdb-write-parquet-zstd': {
    const zstd = method.endsWith('zstd');
    const file = zstd ? PARQUET_FILE.replace('.parquet', '.zstd.parquet') : PARQUET_FILE;
    const { connection } = await openDuckDb();
    lap('open');
    await connection.run(`CREATE TABLE t AS SELECT * FROM ${csvRelation(CSV_FILE)}`);
    lap('read_csv into a DuckDB table');
    rmSync(file, { force: true });
    await connection.run(
      `COPY t TO '${file}' (FORMAT parquet, COMPRESSION ${zstd ? 'zstd' : 'snappy'}, ROW_GROUP_SIZE 122880)`,
    );
    lap('write Parquet');
    finish(undefined, { bytes: statSync(file).size, file });
    break;
  }
  case 'duckdb-csv-typed': {
    // The same with the column types given (as Podium would after its own sniff): no detection.
    const { connection } = await openDuckDb();
    lap('open');
    const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8'));
    const types = snapshot.profile.columns.map(({ name, type }) => {
      const sql = type === 'date' ? 'DATE' : type === 'category' || type === 'text' ? 'VARCHAR' : 'DOUBLE';
      return `'${name}': '${sql}'`;
    });
    await connection.run(
      `CREATE TABLE t AS SELECT * FROM read_csv('${CSV_FILE}', header = true, auto_detect = false, delim = ',', dateformat = '%Y-%m-%d', columns = {${types.join(', ')}})`,
    );
    lap('read_csv (types given) into a DuckDB table');
    const table = await loadColumns(connection, 't', { categorical: CATEGORICAL, materialise: false });
    lap('dictionaries + fetch typed columns');
    finish(table);
    break;
  }
  case 'duckdb-parquet': {
    const { connection } = await openDuckDb();
    lap('open');
    await connection.run(`CREATE TABLE t AS SELECT * FROM ${parquetRelation(PARQUET_FILE)}`);
    lap('read_parquet into a DuckDB table');
    const table = await loadColumns(connection, 't', { categorical: CATEGORICAL, materialise: false });
    lap('dictionaries + fetch typed columns');
    finish(table);
    break;
  }
  case 'hyparquet': {
    const { parquetRead, parquetMetadata } = await importProbe('hyparquet');
    lap('import');
    const bytes = readFileSync(PARQUET_FILE);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(file);
    const names = metadata.schema.slice(1).map((element) => element.name);
    const data = {};
    await parquetRead({
      file,
      metadata,
      onComplete: () => {},
      onChunk: ({ columnName, columnData, rowStart }) => {
        if (data[columnName] === undefined) data[columnName] = [];
        data[columnName].push([rowStart, columnData]);
      },
    });
    lap('parquetRead');
    const table = toTyped(names, data, Number(metadata.num_rows));
    lap('to typed columns');
    finish(table);
    break;
  }
  case 'parquet-wasm': {
    const wasm = await importProbe('parquet-wasm');
    const arrow = await importProbe('apache-arrow');
    lap('import');
    const parquet = wasm.readParquet(new Uint8Array(readFileSync(PARQUET_FILE)));
    const arrowTable = arrow.tableFromIPC(parquet.intoIPCStream());
    lap('readParquet → Arrow');
    const data = {};
    for (const field of arrowTable.schema.fields) {
      const vector = arrowTable.getChild(field.name);
      // toArray() gives the raw buffer (0 where a value is null): put the nulls back.
      let values = vector.toArray();
      if (vector.nullCount > 0) {
        values = Array.from(values);
        for (let i = 0; i < values.length; i++) if (!vector.isValid(i)) values[i] = null;
      }
      // Date32 comes out as epoch milliseconds.
      if (String(field.type).startsWith('Date'))
        values = Array.from(values, (ms) => (ms === null ? null : new Date(ms)));
      data[field.name] = [[0, values]];
    }
    const table = toTyped(
      arrowTable.schema.fields.map((field) => field.name),
      data,
      arrowTable.numRows,
    );
    lap('to typed columns');
    finish(table);
    break;
  }
  case 'data-add-proto-1':
  case 'data-add-proto-2': {
    // `podium data add` rebuilt on the byte reader: read once, SHA-256 of the bytes, typed
    // columns, profile from the columns, columns written as the snapshot (no fsync).
    const workers = Number(method.slice(-1));
    const table =
      workers === 1
        ? readCsvColumns(CSV_FILE, { categorical: CATEGORICAL, keepBuffer: true })
        : await readCsvColumnsParallel(CSV_FILE, { categorical: CATEGORICAL, workers, keepBuffer: true });
    lap('read + parse');
    const sha256 = createHash('sha256').update(table.buffer).digest('hex');
    lap('sha256');
    const profile = profileTable(table);
    lap('profile');
    const file = join(PROBE_DATA, `snapshot-proto-${process.pid}.bin`);
    const fd = openSync(file, 'w');
    writeSync(fd, Buffer.from(JSON.stringify({ sha256, header: table.header, kinds: table.kinds })));
    for (const column of table.columns) writeSync(fd, new Uint8Array(column.values.buffer));
    closeSync(fd);
    lap('write column snapshot');
    const bytes = statSync(file).size;
    rmSync(file);
    finish(table, { bytes, profileColumns: profile.length });
    break;
  }
  case 'drift-proto': {
    // The statistics part of `podium drift --data drift_full.csv` on typed columns: read the
    // current file once, hash it, and run Podium's own detectDrift (KS, PSI, Wasserstein,
    // Jensen–Shannon, chi-square, BH) against the stored reference. No model scoring.
    const { detectDrift } = await podium('main/monitoring/drift/index.js');
    const reference = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8'));
    lap('import + reference');
    const table = readCsvColumns(DRIFT_CSV, { categorical: CATEGORICAL, keepBuffer: true });
    lap('read + parse');
    createHash('sha256').update(table.buffer).digest('hex');
    lap('sha256');
    const report = detectDrift(reference, { columns: driftColumns(table) });
    lap('detectDrift');
    finish(undefined, {
      rows: table.rows,
      drifted: report.features.filter((f) => f.status === 'drift').length,
    });
    break;
  }
  default:
    throw new Error(`unknown method ${method}`);
}

/** Generic JS values (numbers, bigints, Dates, strings, null) → typed columns. */
function toTyped(names, data, rows) {
  const columns = names.map((name) => {
    const chunks = data[name];
    const sample = chunks.flatMap(([, values]) => Array.from(values.slice(0, 50)));
    const first = sample.find((v) => v !== null && v !== undefined);
    const kind =
      CATEGORICAL.includes(name) || typeof first === 'string'
        ? 'category'
        : first instanceof Date
          ? 'date'
          : 'numeric';
    const out = kind === 'numeric' ? new Float64Array(rows) : new Int32Array(rows);
    const codes = new Map();
    const dictionary = kind === 'category' ? [] : undefined;
    for (const [start, values] of chunks) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (kind === 'numeric') out[start + i] = v === null || v === undefined ? Number.NaN : Number(v);
        else if (kind === 'date')
          out[start + i] = v === null || v === undefined ? -2147483648 : Math.floor(v.getTime() / 86_400_000);
        else if (v === null || v === undefined) out[start + i] = -1;
        else {
          const key = String(v);
          let code = codes.get(key);
          if (code === undefined) {
            code = dictionary.length;
            codes.set(key, code);
            dictionary.push(key);
          }
          out[start + i] = code;
        }
      }
    }
    return { kind, values: out, dictionary };
  });
  return { header: names, columns, rows };
}
