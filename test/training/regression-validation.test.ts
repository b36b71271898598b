import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { splitRows, trainTable } from '../../main/training/index.js';
import { tempDir } from '../helpers/workspace.js';
import { config, numeric, table } from './fixtures.js';

// A regression target is z-scored, so about half its validation values are negative. They once
// were mistaken for "unknown class" markers and left out of the rows a family validates (and
// early-stops) on. Here a line fitted to y = x² errs far more above the mean than below it, so
// validating on the upper rows only would report a loss far from the validation split's MSE.
test('a regression family validates on every validation row, below the mean too', async () => {
  const random = createRandom(11);
  const x = Float64Array.from({ length: 2000 }, () => random.normal());
  const data = table(
    numeric('x', x),
    numeric(
      'y',
      x.map((value) => value * value),
    ),
  );
  const modelConfig = config(
    [{ name: 'x', type: 'number' }],
    { name: 'y', type: 'number' },
    { model_type: 'linear' },
  );
  const result = await trainTable(data, { config: modelConfig, packageDir: `${tempDir()}/package` });

  const trainRows = splitRows(data, modelConfig.preprocessing.split, modelConfig.seed).train;
  const y = data.columns[1].values as Float64Array;
  let mean = 0;
  for (const row of trainRows) mean += y[row];
  mean /= trainRows.length;
  let variance = 0;
  for (const row of trainRows) variance += (y[row] - mean) ** 2;
  variance /= trainRows.length;

  // The validation loss is the z-scored MSE over the rows the family validated on.
  const validationLoss = result.history.at(-1)?.validationLoss ?? Number.NaN;
  const mse = result.metrics.validation.mse;
  assert.ok(
    Math.abs(validationLoss * variance - mse) / mse < 1e-3,
    `validation loss ${validationLoss} × variance ${variance} = ${validationLoss * variance}, validation mse ${mse}`,
  );
});
