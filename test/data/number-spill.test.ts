import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ColumnAccumulator, mergePartials, SPILL_VALUES } from '../../main/data/column-accumulator.js';
import { buildColumnProfile } from '../../main/data/column-profile.js';
import { runProfilePass } from '../../main/data/profile-pass.js';
import { withTempDir, writeCsv } from './fixtures.js';

const reading = { column: 'x', decimal: '.' as const, strictMark: false };

test('numbers set aside on disk merge into the same sorted column as numbers kept in memory', async () => {
  await withTempDir(async (dir) => {
    const spillDir = join(dir, 'spill');
    await mkdir(spillDir);
    const rows = SPILL_VALUES * 2 + 123;
    const spilled = [
      new ColumnAccumulator(false, reading, spillDir),
      new ColumnAccumulator(false, reading, spillDir),
    ];
    const kept = [new ColumnAccumulator(false, reading), new ColumnAccumulator(false, reading)];
    for (let i = 0; i < rows; i++) {
      // Out of order, with repeats and negatives, as a real column would be.
      const text = String(((i * 7919) % 100_003) - 50_000 + (i % 3) / 4);
      spilled[i % 2].add(text);
      kept[i % 2].add(text);
    }
    const spilledParts = spilled.map((accumulator) => accumulator.finish());
    assert.ok(spilledParts.every((part) => part.spilled !== null && part.spilled.count > 0));
    assert.equal((await readdir(spillDir)).length, 2, 'one spill file per part');
    const fromDisk = mergePartials(spilledParts);
    const inMemory = mergePartials(kept.map((accumulator) => accumulator.finish()));
    assert.equal(fromDisk.numbers?.length, rows);
    assert.deepEqual(fromDisk.numbers, inMemory.numbers);
    assert.equal(fromDisk.missing, inMemory.missing);
    assert.equal(fromDisk.allInteger, false);
  });
});

test('a spilled column that meets text is read as text, its spill file deleted', async () => {
  await withTempDir(async (dir) => {
    const spillDir = join(dir, 'spill');
    await mkdir(spillDir);
    const accumulator = new ColumnAccumulator(false, reading, spillDir);
    for (let i = 0; i < SPILL_VALUES + 10; i++) accumulator.add(String(i));
    assert.equal((await readdir(spillDir)).length, 1);
    accumulator.add('not a number');
    assert.deepEqual(await readdir(spillDir), []);
    const part = accumulator.finish();
    assert.equal(part.numbers, null);
    assert.equal(part.spilled, null);
    assert.equal(part.lostNumbers, true, 'the numbers seen before need a pass read as text');
  });
});

test('a file profiled with a spill folder gets the profile it gets in memory', async () => {
  await withTempDir(async (dir) => {
    const rows = SPILL_VALUES + 5000;
    const lines = ['amount,kind'];
    for (let i = 0; i < rows; i++) lines.push(`${(i * 37) % 9973}.${i % 10},${i % 3 === 0 ? 'a' : 'b'}`);
    const file = await writeCsv(dir, 'large.csv', `${lines.join('\n')}\n`);
    const spillDir = join(dir, 'spill');
    await mkdir(spillDir);
    const options = {
      label: file,
      reading: { delimiter: ',' as const, decimal: '.' as const },
      readAsText: [],
      workers: 0,
      onHeader: () => {},
    };
    const spilled = await runProfilePass(file, { ...options, spillDir });
    assert.ok((await readdir(spillDir)).length > 0, 'the numbers went to disk');
    const inMemory = await runProfilePass(file, options);
    const dates = { file };
    const profile = (pass: typeof spilled) =>
      pass.header.map((name, c) => buildColumnProfile(name, pass.column(c), dates));
    assert.deepEqual(profile(spilled), profile(inMemory));
    assert.equal(spilled.rows, rows);
  });
});
