import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/files.js';
import { PACKAGE_ROOT } from '../config/index.js';
import type { CsvDialect } from '../contract/csv-dialect.js';
import { MODEL_CONFIG_FILE, type ModelVersion, readManifest } from '../registry/index.js';

/** Backends a user can force; a family's own names (e.g. the linear solver's) cannot be. */
const FORCEABLE_BACKENDS = new Set(['tensorflow', 'wasm', 'cpu']);

/**
 * A standalone POSIX shell script that repeats a reproduction with the recorded inputs: it
 * checks the snapshot's hash, trains in a throwaway workspace with `npx podium train` and
 * compares the held-out metrics exactly. Nothing in the user's workspace is touched. The
 * snapshot's dialect is passed as options: a fresh workspace has no earlier data to fall back on.
 */
export async function reproduceScript(
  version: ModelVersion,
  datasetPath: string,
  dialect?: CsvDialect,
): Promise<string> {
  const manifest = await readManifest(version.packagePath);
  const configPath = join(version.packagePath, MODEL_CONFIG_FILE);
  const backendLine = FORCEABLE_BACKENDS.has(manifest.backend)
    ? `export PODIUM_TF_BACKEND=${quote(manifest.backend)}`
    : `# The recorded backend "${manifest.backend}" is chosen by the model family itself.`;
  const compare = [
    'const fs = require("fs");',
    'const result = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));',
    'const expected = JSON.parse(process.argv[2]);',
    'const diffs = Object.keys(expected).filter((k) => !Object.is(result.metrics[k], expected[k]));',
    'for (const k of diffs) console.error(k + ": expected " + expected[k] + ", got " + result.metrics[k]);',
    'if (diffs.length > 0) { console.error("NOT reproduced"); process.exit(1); }',
    'console.log("Reproduced: all held-out metrics match exactly");',
  ].join(' ');
  const hash =
    'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))';
  return [
    '#!/bin/sh',
    `# Reproduces ${version.modelName} v${version.version} (${version.modelType}) from its recorded inputs:`,
    '# the dataset snapshot, the package model config (with its seed) and the same Podium build.',
    'set -eu',
    `PODIUM_ROOT=${quote(PACKAGE_ROOT)}`,
    `DATASET=${quote(datasetPath)}`,
    `DATASET_SHA256=${quote(version.datasetId)}`,
    `CONFIG=${quote(configPath)}`,
    `EXPECTED=${quote(JSON.stringify(version.metrics))}`,
    `RECORDED_LIBRARIES=${quote(JSON.stringify(manifest.library_versions))}`,
    backendLine,
    'WORK="$(mktemp -d)"',
    'trap \'rm -rf "$WORK"\' EXIT',
    `ACTUAL_SHA256="$(node -e ${quote(hash)} "$DATASET")"`,
    'if [ "$ACTUAL_SHA256" != "$DATASET_SHA256" ]; then',
    '  echo "The dataset snapshot $DATASET has changed (hash differs)" >&2',
    '  exit 1',
    'fi',
    'echo "Recorded library versions: $RECORDED_LIBRARIES"',
    'cd "$PODIUM_ROOT"',
    `npx --no-install podium --workspace "$WORK/workspace" train --data "$DATASET" --config "$CONFIG" --model ${quote(version.modelName)}${dialectOptions(dialect)} --json > "$WORK/result.json"`,
    `node -e ${quote(compare)} "$WORK/result.json" "$EXPECTED"`,
    '',
  ].join('\n');
}

export async function writeReproduceScript(
  file: string,
  version: ModelVersion,
  datasetPath: string,
  dialect?: CsvDialect,
): Promise<void> {
  await writeFileAtomic(file, await reproduceScript(version, datasetPath, dialect));
  await chmod(file, 0o755);
}

/** `podium train`'s options that read the snapshot as it was read. */
function dialectOptions(dialect: CsvDialect | undefined): string {
  if (dialect === undefined) return '';
  const words = [
    '--delimiter',
    dialect.delimiter === '\t' ? 'tab' : dialect.delimiter,
    '--decimal',
    dialect.decimal,
    ...Object.entries(dialect.dateFormats).flatMap(([column, format]) => [
      '--date-format',
      `${column}=${format}`,
    ]),
  ];
  return ` ${words.map(quote).join(' ')}`;
}

/** Single quotes keep every character literal in sh; an embedded quote is closed, escaped, reopened. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
