// Shared helpers of the columnar probe (issue 16). Plain ESM so it runs without a build step and
// stays out of Podium's TypeScript build; see bench/columnar-probe.md.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the probe's own packages (DuckDB, Arrow, Parquet readers) are installed. */
export const PROBE_MODULES = process.env.PROBE_NODE_MODULES ?? '/work/probe/node_modules';
/** Where the generated files and snapshots go. */
export const PROBE_DATA = process.env.PROBE_DATA ?? '/tmp/columnar-probe';
/** Podium's compiled code (`npx tsc -p tsconfig.json` in the repository). */
export const PODIUM_DIST = new URL('../../dist/', import.meta.url);

export const CSV_FILE = join(PROBE_DATA, 'baseline_full.csv');

/** Imports a package installed in PROBE_MODULES, not in Podium's node_modules. */
export async function importProbe(name) {
  const require = createRequire(join(PROBE_MODULES, 'noop.js'));
  return import(pathToFileURL(require.resolve(name)).href);
}

export function podium(path) {
  return import(new URL(path, PODIUM_DIST).href);
}

/** Peak resident set of this process so far, MB (includes worker threads and native memory). */
export function peakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}

/** Prints one JSON line for the runner: seconds of the timed part, peak RSS, checks. */
export function report(result) {
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: Math.round(peakRssMb()) })}\n`);
}

/** A fingerprint of the columns, so every reader can be checked against the others. */
export function checksum(columns) {
  const out = {};
  for (const [name, column] of Object.entries(columns)) {
    const v = column.values;
    if (column.dictionary) {
      // Categories: counts by value, so readers with different code orders compare equal.
      const counts = new Array(column.dictionary.length).fill(0);
      let missing = 0;
      for (let i = 0; i < v.length; i++) {
        if (v[i] < 0) missing++;
        else counts[v[i]]++;
      }
      const byValue = Object.fromEntries(column.dictionary.map((d, k) => [d, counts[k]]).sort());
      out[name] = { kind: column.kind, rows: v.length, missing, counts: byValue };
      continue;
    }
    let sum = 0;
    let missing = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (Number.isNaN(x) || x === -1 || x === -2147483648) missing++;
      else sum += x;
    }
    out[name] = { kind: column.kind, rows: v.length, missing, sum: Number(sum.toPrecision(10)) };
  }
  return out;
}
