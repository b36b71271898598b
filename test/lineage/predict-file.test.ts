import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { registerPredict } from '../../main/cli/commands/predict.js';
import { PodiumError } from '../../main/contract/errors.js';
import { DatasetStore, loadTable } from '../../main/data/index.js';
import { getPrediction, predictFile } from '../../main/lineage/index.js';
import { loadPredictor } from '../../main/training/index.js';
import { commandJson } from '../helpers/in-process-cli.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

describe('predictFile', () => {
  let trained: TrainedWorkspace;

  before(async () => {
    trained = await trainedWorkspace({ samples: 1500 });
  });
  after(() => trained.workspace.cleanup());

  test('writes the input columns, prediction, one probability per class and model_version for every row', async () => {
    const { workspace, champion } = trained;
    const output = join(workspace.paths.root, 'out', 'scored.csv');
    // A small chunk size makes the file span several chunks, including a short last one.
    const record = await predictFile(workspace, {
      version: champion,
      input: trained.baselineFile,
      output,
      chunkRows: 400,
    });
    const input = parse(readFileSync(trained.baselineFile)) as string[][];
    const rows = parse(readFileSync(output)) as string[][];
    const predictor = await loadPredictor(champion.packagePath);
    const classes = predictor.signature.output.classes ?? [];
    assert.ok(classes.length >= 2);
    assert.deepEqual(rows[0], [
      ...input[0],
      'prediction',
      ...classes.map((c) => `probability_${c}`),
      'model_version',
    ]);
    assert.equal(rows.length, input.length);
    assert.equal(record.rowCount, 1500);
    assert.equal(getPrediction(workspace, record.id)?.outputSha256, record.outputSha256);

    // Predictions equal predictTable on the same rows, read the way the training data was.
    const dataset = new DatasetStore(workspace.db, workspace.clock, workspace.paths.root).get(
      champion.datasetId,
    );
    assert.ok(dataset);
    const table = await loadTable(dataset.path, dataset.profile, dataset.dialect);
    const expected = await predictor.predictTable(table);
    predictor.dispose();
    const width = input[0].length;
    for (let i = 0; i < expected.length; i++) {
      const row = rows[i + 1];
      assert.deepEqual(row.slice(0, width), input[i + 1]);
      assert.equal(row[width], String(expected[i].value));
      classes.forEach((c, k) => {
        assert.equal(row[width + 1 + k], String(expected[i].probabilities?.[c]));
      });
      assert.equal(row[row.length - 1], `${champion.modelName}:v${champion.version}`);
    }
  });

  test('the output is byte for byte what csv-stringify writes, whether rows are copied or written field by field', async () => {
    const { workspace, champion } = trained;
    const [header, ...body] = readFileSync(trained.baselineFile, 'utf8').trim().split('\n');
    // A pass-through column with cells that must be quoted, text that is not ASCII, blank lines,
    // and CRLF line ends in part of the file: those rows are written field by field, the plain
    // ones copied from the input's bytes.
    const notes = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'é ü 中', '', ' padded '];
    const quoted = (note: string) => (/[",\n]/.test(note) ? `"${note.replaceAll('"', '""')}"` : note);
    // Over 1 MiB of plain rows first: the reader's first segments hold no quote and are copied.
    const many = Array.from({ length: 8 }, () => body).flat();
    const lines = many.map((line, i) => {
      const note = i < 9000 ? 'plain' : notes[i % notes.length];
      return `${line},${quoted(note)}${i >= 10_000 && i < 10_100 ? '\r' : ''}${i % 250 === 5 ? '\n' : ''}`;
    });
    const input = join(workspace.paths.root, 'notes.csv');
    writeFileSync(input, `${header},note\n${lines.join('\n')}\n`);
    const output = join(workspace.paths.root, 'notes-scored.csv');
    const record = await predictFile(workspace, { version: champion, input, output, chunkRows: 512 });
    assert.equal(record.rowCount, many.length);
    const written = readFileSync(output);
    const rows = parse(written) as string[][];
    const inputRows = parse(readFileSync(input), {
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
    }) as string[][];
    assert.equal(rows.length, inputRows.length);
    const width = inputRows[0].length;
    rows.forEach((row, i) => {
      assert.deepEqual(row.slice(0, width), inputRows[i], `row ${i}`);
    });
    assert.ok(written.equals(Buffer.from(stringify(rows))), 'the bytes csv-stringify writes for these rows');
  });

  test('a malformed row is reported with its line and leaves no output file', async () => {
    const { workspace, champion } = trained;
    const lines = readFileSync(trained.baselineFile, 'utf8').split('\n');
    lines[700] = lines[700].split(',').slice(0, 2).join(',');
    const dir = join(workspace.paths.root, 'bad');
    const input = join(workspace.paths.root, 'bad-input.csv');
    writeFileSync(input, lines.join('\n'));
    const output = join(dir, 'scored.csv');
    await assert.rejects(
      predictFile(workspace, { version: champion, input, output, chunkRows: 256 }),
      (error: unknown) => {
        assert.ok(error instanceof PodiumError);
        assert.equal(error.code, 'CSV_INVALID');
        assert.match(error.message, /line 701: the row has 2 fields but the header has \d+/);
        return true;
      },
    );
    assert.deepEqual(readdirSync(dir), [], 'neither the output nor a temporary file is left');
  });

  test('an input without a column the model needs is refused on line 1', async () => {
    const { workspace, champion } = trained;
    const [header, ...body] = readFileSync(trained.baselineFile, 'utf8').split('\n');
    const names = header.split(',');
    const drop = names.findIndex((name) => name !== 'target');
    const input = join(workspace.paths.root, 'narrow.csv');
    const keep = (line: string) =>
      line
        .split(',')
        .filter((_, i) => i !== drop)
        .join(',');
    writeFileSync(input, [keep(header), ...body.map(keep)].join('\n'));
    await assert.rejects(
      predictFile(workspace, {
        version: champion,
        input,
        output: join(workspace.paths.root, 'narrow-out.csv'),
      }),
      new RegExp(`line 1: missing column ${names[drop]}`),
    );
  });

  test('podium predict --model champion --json scores the file and prints the prediction id', async () => {
    const { workspace } = trained;
    const output = join(workspace.paths.root, 'cli-scored.csv');
    const result = await commandJson<{ id: string; rows: number; version: number }>(
      [registerPredict],
      workspace.paths.root,
      ['predict', '--model', 'champion', '--input', trained.driftFile, '--output', output],
    );
    assert.equal(result.rows, 1500);
    assert.equal(result.version, trained.champion.version);
    assert.equal(getPrediction(workspace, result.id)?.outputPath, output);
  });
});
