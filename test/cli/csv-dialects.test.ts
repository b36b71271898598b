import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { europeanCsv } from '../data/fixtures.js';
import { podium } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

/**
 * Files as users bring them (issue 15): a spreadsheet export from a European office trains and
 * scores through the real executable with no option but --target; what detection cannot decide
 * is asked for, and what the user gives wins.
 */
describe('podium reads CSV dialects (the real executable)', { timeout: 120_000 }, () => {
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const write = (name: string, text: string) => writeFileSync(join(cwd, name), text);

  before(() => {
    cwd = tempDir('podium-dialects-e2e-');
    // One model family keeps each training to a few seconds.
    env = { PODIUM_WORKSPACE: join(cwd, 'ws'), PODIUM_TRAINING_MODEL_TYPE: 'linear' };
    write('churn-eu.csv', europeanCsv(300));
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  test('a ;-separated export with decimal commas and DD.MM.YYYY dates trains and predicts with only --target', () => {
    const trained = podium(['train', '--data', 'churn-eu.csv', '--target', 'churn'], { cwd, env });
    assert.equal(trained.status, 0, trained.stderr);
    assert.match(trained.stdout, /^Read churn-eu\.csv as ';'-separated, decimal comma, dates DD\.MM\.YYYY$/m);
    assert.match(trained.stdout, /Registered churn-eu v1 \(linear\)/);

    const predicted = podium(
      ['predict', '--model', '1', '--input', 'churn-eu.csv', '--output', 'scored.csv'],
      {
        cwd,
        env,
      },
    );
    assert.equal(predicted.status, 0, predicted.stderr);
    assert.match(predicted.stdout, /^Read churn-eu\.csv as ';'-separated/m);
    assert.match(predicted.stdout, /Wrote 300 predictions/);
    // The output is written as the input was: `;` between fields, decimal commas.
    const [header, first] = readFileSync(join(cwd, 'scored.csv'), 'utf8').split('\n');
    assert.equal(
      header,
      'customer_id;signup;age;income;score;plan;churn;prediction;probability_0;probability_1;model_version',
    );
    const cells = first.split(';');
    assert.equal(cells.length, 11, first);
    assert.equal(cells.slice(0, 7).join(';'), europeanCsv(1).split('\n')[1]);
    assert.match(cells[8], /^(0|1|0,\d+|\d(,\d+)?e-\d+)$/, `probability ${cells[8]} has a decimal comma`);
  });

  test('dates that read both day-first and month-first ask for --date-format, which settles them', () => {
    const rows = [
      'when,x,y',
      ...Array.from({ length: 40 }, (_, i) => `0${(i % 9) + 1}/0${(i % 7) + 1}/2021,${i},${i % 2}`),
    ];
    write('us.csv', `${rows.join('\n')}\n`);
    const refused = podium(['train', '--data', 'us.csv', '--target', 'y', '--model', 'us'], { cwd, env });
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /us\.csv, column "when": cannot tell whether the dates are MM\/DD\/YYYY or DD\/MM\/YYYY/,
    );
    assert.match(refused.stderr, /--date-format when=MM\/DD\/YYYY/);

    const given = podium(
      ['train', '--data', 'us.csv', '--target', 'y', '--model', 'us', '--date-format', 'DD/MM/YYYY'],
      {
        cwd,
        env,
      },
    );
    assert.equal(given.status, 0, given.stderr);
    assert.match(given.stdout, /^Read us\.csv as ','-separated, decimal point, dates DD\/MM\/YYYY$/m);
  });

  test("a later file of the same model reads dates it cannot decide as the model's data did", () => {
    // `us` was trained on day-first dates (the test above); this file is ambiguous too.
    const rows = [
      'when,x,y',
      ...Array.from(
        { length: 40 },
        (_, i) => `0${(i % 8) + 1}/0${(i % 5) + 1}/2022,${(i * 7) % 13},${i % 2}`,
      ),
    ];
    write('us-later.csv', `${rows.join('\n')}\n`);
    const later = podium(['train', '--data', 'us-later.csv', '--target', 'y', '--model', 'us'], { cwd, env });
    assert.equal(later.status, 0, later.stderr);
    assert.match(later.stdout, /^Read us-later\.csv as ','-separated, decimal point, dates DD\/MM\/YYYY$/m);
    assert.match(later.stdout, /Registered us v2/);
  });

  test('--delimiter overrides detection', () => {
    const asComma = podium(['train', '--data', 'churn-eu.csv', '--target', 'churn', '--delimiter', ','], {
      cwd,
      env,
    });
    assert.equal(asComma.status, 1);
    assert.match(
      asComma.stderr,
      /target column "churn" is not in the header; columns are "customer_id;signup;/,
    );
    const unknown = podium(['train', '--data', 'churn-eu.csv', '--delimiter', ':'], { cwd, env });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /expected one of , ; \| or tab/);
  });

  test('a number with the other decimal mark is refused with its file, line and column', () => {
    const lines = europeanCsv(30).split('\n');
    const cells = lines[4].split(';');
    cells[3] = '45123.50';
    lines[4] = cells.join(';');
    write('bad-eu.csv', lines.join('\n'));
    const refused = podium(['train', '--data', 'bad-eu.csv', '--target', 'churn'], { cwd, env });
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /bad-eu\.csv, line 5: column "income": "45123\.50" is not a number with a decimal comma/,
    );
  });
});
