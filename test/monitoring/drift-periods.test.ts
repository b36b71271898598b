import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkingOf } from '../../main/cli/drift-chunks-output.js';
import { PodiumError } from '../../main/contract/errors.js';
import {
  buildReferenceDistribution,
  detectDriftByPeriod,
  groupRowsByPeriod,
  MAX_PERIODS,
  periodLabel,
  periodStartDay,
} from '../../main/monitoring/drift/index.js';
import { assertFinite, categorical, cycle, numeric } from './drift-fixtures.js';

const MS_PER_DAY = 86_400_000;
/** Days since 1970-01-01 UTC of an ISO timestamp, as the columnar reader stores dates. */
const day = (iso: string) => Date.parse(iso) / MS_PER_DAY;
const isoOf = (startDay: number) => new Date(startDay * MS_PER_DAY).toISOString().slice(0, 10);

test('weeks are ISO weeks from Monday, in UTC, and keep their ISO year across New Year', () => {
  // Wednesday 2025-01-01 is in the week of Monday 2024-12-30, ISO week 2025-W01.
  const start = periodStartDay(day('2025-01-01T12:00:00Z'), 'week');
  assert.equal(isoOf(start), '2024-12-30');
  assert.equal(periodLabel(start, 'week'), '2025-W01');
  // Sunday 2024-12-29, 23:59 UTC, is the last day of 2024-W52; a minute later is 2025-W01.
  const sunday = periodStartDay(day('2024-12-29T23:59:00Z'), 'week');
  assert.equal(isoOf(sunday), '2024-12-23');
  assert.equal(periodLabel(sunday, 'week'), '2024-W52');
  assert.equal(isoOf(periodStartDay(day('2024-12-30T00:00:00Z'), 'week')), '2024-12-30');
  // Friday 2021-01-01 belongs to the last ISO week of 2020, which had 53.
  const friday = periodStartDay(day('2021-01-01'), 'week');
  assert.equal(isoOf(friday), '2020-12-28');
  assert.equal(periodLabel(friday, 'week'), '2020-W53');
  // A Monday is the start of its own week; before 1970 works the same way.
  assert.equal(isoOf(periodStartDay(day('2024-03-04'), 'week')), '2024-03-04');
  assert.equal(isoOf(periodStartDay(day('1969-12-31'), 'week')), '1969-12-29');
});

test('months are calendar months and days are UTC days, a time of day included', () => {
  assert.equal(isoOf(periodStartDay(day('2024-02-29T23:59:59Z'), 'month')), '2024-02-01');
  assert.equal(isoOf(periodStartDay(day('2024-03-01T00:00:00Z'), 'month')), '2024-03-01');
  assert.equal(periodLabel(periodStartDay(day('2024-12-31T18:00:00Z'), 'month'), 'month'), '2024-12');
  assert.equal(isoOf(periodStartDay(day('2024-03-05T23:59:59.999Z'), 'day')), '2024-03-05');
  assert.equal(isoOf(periodStartDay(day('2024-03-06T00:00:00Z'), 'day')), '2024-03-06');
  // 10:00 at UTC+02:00 is 08:00 UTC: the same day; 01:00 at UTC+02:00 is the day before in UTC.
  assert.equal(isoOf(periodStartDay(day('2024-03-06T01:00:00+02:00'), 'day')), '2024-03-05');
});

test('rows are grouped oldest first, gaps kept as empty periods, rows without a date counted', () => {
  const days = Float64Array.from([
    day('2024-03-31T23:00:00Z'),
    Number.NaN,
    day('2024-01-15'),
    day('2024-03-01'),
    day('2024-01-31T23:59:59Z'),
    Number.NaN,
  ]);
  const { periods, rowsWithoutDate } = groupRowsByPeriod(days, 'month', 'd');
  assert.equal(rowsWithoutDate, 2);
  assert.deepEqual(
    periods.map((p) => [p.label, isoOf(p.startDay), isoOf(p.endDay), [...p.rows]]),
    [
      ['2024-01', '2024-01-01', '2024-02-01', [2, 4]],
      ['2024-02', '2024-02-01', '2024-03-01', []],
      ['2024-03', '2024-03-01', '2024-04-01', [0, 3]],
    ],
  );
  assert.deepEqual(groupRowsByPeriod(Float64Array.from([Number.NaN]), 'day', 'd'), {
    periods: [],
    rowsWithoutDate: 1,
  });
});

test('days over decades are refused with a sentence that suggests a longer period', () => {
  const days = Float64Array.from([day('2000-01-01'), day('2010-01-01')]);
  assert.throws(
    () => groupRowsByPeriod(days, 'day', 'signup'),
    (error: unknown) =>
      error instanceof PodiumError &&
      error.code === 'DATA_INVALID' &&
      error.message.includes(`signup every day makes more than ${MAX_PERIODS} periods`) &&
      error.message.includes('2000-01-01 to 2010-01-01') &&
      /week or month/.test(error.message),
  );
  assert.equal(groupRowsByPeriod(days, 'month', 'signup').periods.length, 121);
});

test('each period is judged alone: the shifted weeks drift, the others are ok, a tiny week is not judged', () => {
  const perWeek = 400;
  const weeks = 6;
  const n = perWeek * weeks;
  const steady = (i: number) => ((i * 0.6180339887498949) % 1) * 10;
  const reference = buildReferenceDistribution([
    numeric(
      'x',
      Float64Array.from({ length: 2000 }, (_, i) => steady(i)),
    ),
    numeric(
      'y',
      Float64Array.from({ length: 2000 }, (_, i) => steady(i + 7)),
    ),
    categorical('c', cycle(2000, ['a', 'b', 'c'])),
  ]);
  const monday = day('2024-01-01');
  const days = new Float64Array(n + 5);
  const x = new Float64Array(n + 5);
  const y = new Float64Array(n + 5);
  for (let i = 0; i < n; i++) {
    const week = Math.floor(i / perWeek);
    days[i] = monday + 7 * week + (i % 7) + 0.5;
    // Weeks 5 and 6 (indices 4, 5): x moves up by a third of its range.
    x[i] = steady(i) + (week >= 4 ? 3.5 : 0);
    y[i] = steady(i + 7);
  }
  // Five rows in the week after: too few to judge.
  for (let i = n; i < n + 5; i++) {
    days[i] = monday + 7 * weeks + 1;
    x[i] = steady(i);
    y[i] = steady(i);
  }
  const c = cycle(n + 5, ['a', 'b', 'c']);
  const { chunking, chunks } = detectDriftByPeriod(
    reference,
    [numeric('x', x), numeric('y', y), categorical('c', c)],
    { name: 'd', days },
    { every: 'week', minRows: 30 },
  );
  assertFinite(chunks);
  assert.deepEqual(chunking, { by: 'd', every: 'week', minRows: 30, rowsWithoutDate: 0 });
  assert.deepEqual(
    chunks.map((chunk) => [chunk.label, chunk.start, chunk.end, chunk.rows, chunk.status]),
    [
      ['2024-W01', '2024-01-01', '2024-01-08', 400, 'ok'],
      ['2024-W02', '2024-01-08', '2024-01-15', 400, 'ok'],
      ['2024-W03', '2024-01-15', '2024-01-22', 400, 'ok'],
      ['2024-W04', '2024-01-22', '2024-01-29', 400, 'ok'],
      ['2024-W05', '2024-01-29', '2024-02-05', 400, 'warning'],
      ['2024-W06', '2024-02-05', '2024-02-12', 400, 'warning'],
      ['2024-W07', '2024-02-12', '2024-02-19', 5, 'too_few_rows'],
    ],
  );
  for (const chunk of chunks.slice(4, 6)) {
    const shifted = chunk.features.find((f) => f.name === 'x');
    assert.equal(shifted?.status, 'drift', shifted?.reason);
    assert.equal(chunk.driftedFeatures, 1);
    assert.equal(chunk.applicableFeatures, 3);
    assert.equal(chunk.driftShare, 1 / 3);
    // Within a week the family is its three features: the adjusted p is BH over three.
    assert.ok(shifted?.statistics.ks_p_adjusted !== undefined);
  }
  assert.deepEqual(chunks[6].features, []);
});

test('--by and --every are checked before anything is read, each mistake named', () => {
  const usage = (message: RegExp) => (error: unknown) =>
    error instanceof PodiumError && error.code === 'USAGE' && message.test(error.message);
  assert.deepEqual(chunkingOf({}), {});
  assert.deepEqual(chunkingOf({ by: ' d ', every: 'month' }), { by: 'd', every: 'month' });
  assert.throws(
    () => chunkingOf({ by: 'd', every: 'fortnight' }),
    usage(/--every takes day, week or month; got "fortnight"/),
  );
  assert.throws(() => chunkingOf({ by: 'd' }), usage(/--by d needs --every day, week or month/));
  assert.throws(() => chunkingOf({ every: 'week' }), usage(/--every week needs --by DATE_COLUMN/));
  assert.throws(
    () => chunkingOf({ by: 'd', every: 'week', window: '24h' }),
    usage(/--by groups the rows of a file into periods; give --data FILE, not --window/),
  );
});
