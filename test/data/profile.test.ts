import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { type ColumnProfile, type DatasetProfile, ingestCsv } from '../../main/data/index.js';
import { column, withTempDir, writeCsv } from './fixtures.js';

async function profileOf(text: string): Promise<DatasetProfile> {
  return withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'input.csv', text);
    return (await ingestCsv(file, { datasetsDir: join(dir, 'datasets') })).profile;
  });
}

function csv(columns: Record<string, (i: number) => string>, rows: number): string {
  const names = Object.keys(columns);
  const lines = [names.join(',')];
  for (let i = 0; i < rows; i++) lines.push(names.map((name) => columns[name](i)).join(','));
  return `${lines.join('\n')}\n`;
}

function typeOf(profile: DatasetProfile, name: string): ColumnProfile['type'] {
  return column(profile.columns, name).type;
}

test('column types are inferred from the values', async () => {
  const categories = ['red', 'green', 'blue'];
  const profile = await profileOf(
    csv(
      {
        price: (i) => (i * 1.25 + 0.1).toFixed(2),
        count: (i) => String((i * 7) % 13),
        flag: (i) => (i % 3 === 0 ? 'yes' : 'no'),
        zero_one: (i) => String(i % 2),
        colour: (i) => categories[i % 3],
        day: (i) => `2024-03-${String((i % 28) + 1).padStart(2, '0')}`,
        row_number: (i) => String(i + 1),
        order_code: (i) => `ORD-${1000 + i * 17}`,
        comment: (i) => `customer ${i} wrote a fairly long remark about delivery number ${i * 31}`,
      },
      60,
    ),
  );
  assert.equal(typeOf(profile, 'price'), 'numeric');
  assert.equal(typeOf(profile, 'count'), 'integer');
  assert.equal(typeOf(profile, 'flag'), 'binary');
  assert.equal(typeOf(profile, 'zero_one'), 'binary');
  assert.equal(typeOf(profile, 'colour'), 'category');
  assert.equal(typeOf(profile, 'day'), 'date');
  assert.equal(typeOf(profile, 'row_number'), 'id');
  assert.equal(typeOf(profile, 'order_code'), 'id');
  assert.equal(typeOf(profile, 'comment'), 'text');
  assert.deepEqual(column(profile.columns, 'flag').levels, ['no', 'yes']);
  assert.deepEqual(column(profile.columns, 'zero_one').levels, ['0', '1']);
});

test('ids need a name hint or enough rows; unique measurements stay numbers', async () => {
  const profile = await profileOf(
    csv(
      {
        customer_id: (i) => String(5000 + i * 3),
        customerId: (i) => `c${i}`,
        income: (i) => String(30_000 + i * 977),
        y: (i) => String(i % 2),
      },
      8,
    ),
  );
  assert.equal(typeOf(profile, 'customer_id'), 'id');
  assert.equal(typeOf(profile, 'customerId'), 'id');
  assert.equal(typeOf(profile, 'income'), 'integer');
});

test('missing values: blanks and pandas tokens, counted apart', async () => {
  const profile = await profileOf('a,b,c\n1,x,\n,NA,2\nNaN,y,n/a\n4,,3\nnull,x,None\n');
  const a = column(profile.columns, 'a');
  assert.equal(a.type, 'binary');
  assert.deepEqual([a.count, a.missing], [2, 3]);
  const b = column(profile.columns, 'b');
  assert.deepEqual([b.count, b.missing, b.distinct], [3, 2, 2]);
  const c = column(profile.columns, 'c');
  assert.deepEqual([c.count, c.missing], [2, 3]);
  assert.equal(a.count + a.missing, profile.rows);
});

test('a column that turns from numbers to text late is profiled as text, with every value', async () => {
  const rows = Array.from({ length: 300 }, (_, i) => `${i < 250 ? String(i % 7) : `code${i % 5}`},${i % 2}`);
  const profile = await profileOf(`mixed,y\n${rows.join('\n')}\n`);
  const mixed = column(profile.columns, 'mixed');
  assert.equal(mixed.type, 'category');
  assert.equal(mixed.count, 300);
  assert.equal(mixed.distinct, 12);
  const top = new Map(mixed.categorical?.top.map((entry) => [entry.value, entry.count]));
  assert.equal(top.get('0'), 36);
  assert.equal(top.get('code0'), 10);
});

test('numeric summaries match values computed here', async () => {
  const values = Array.from(
    { length: 997 },
    (_, i) => Math.round((Math.sin(i * 12.9898) * 43758.5453) % 1000) / 10,
  );
  // Blank lines are skipped (as pandas does), so the missing value is spelled NA.
  const profile = await profileOf(`v\n${values.map(String).join('\n')}\nNA\n`);
  const v = column(profile.columns, 'v');
  assert.equal(v.type, 'numeric');
  assert.equal(v.count, values.length);
  assert.equal(v.missing, 1);
  const summary = v.numeric;
  assert.ok(summary);
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const std = Math.sqrt(values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (values.length - 1));
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number): number => {
    const position = q * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  };
  assert.ok(Math.abs(summary.mean - mean) < 1e-9);
  assert.ok(Math.abs(summary.std - std) < 1e-9);
  assert.equal(summary.min, sorted[0]);
  assert.equal(summary.max, sorted[sorted.length - 1]);
  for (const [key, q] of [
    ['p0', 0],
    ['p1', 0.01],
    ['p5', 0.05],
    ['p10', 0.1],
    ['p25', 0.25],
    ['p50', 0.5],
    ['p75', 0.75],
    ['p90', 0.9],
    ['p95', 0.95],
    ['p99', 0.99],
    ['p100', 1],
  ] as const) {
    assert.ok(
      Math.abs(summary.quantiles[key] - quantile(q)) < 1e-9,
      `${key}: ${summary.quantiles[key]} vs ${quantile(q)}`,
    );
  }
  assert.equal(v.distinct, new Set(values).size);
  const { edges, counts } = summary.histogram;
  assert.equal(edges.length, counts.length + 1);
  assert.equal(
    counts.reduce((sum, n) => sum + n, 0),
    values.length,
  );
  assert.equal(edges[0], sorted[0]);
  assert.equal(edges[edges.length - 1], sorted[sorted.length - 1]);
  const inFirstBin = values.filter((x) => x < edges[1]).length;
  assert.equal(counts[0], inFirstBin);
});

test('small-range integers get one histogram bin per value', async () => {
  const profile = await profileOf('k\n1\n2\n2\n3\n3\n3\n5\n');
  const histogram = column(profile.columns, 'k').numeric?.histogram;
  assert.deepEqual(histogram?.edges, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
  assert.deepEqual(histogram?.counts, [1, 2, 3, 0, 1]);
});

test('top categories come most frequent first', async () => {
  const profile = await profileOf('c\nb\na\nb\nc\nb\na\n');
  assert.deepEqual(column(profile.columns, 'c').categorical?.top, [
    { value: 'b', count: 3 },
    { value: 'a', count: 2 },
    { value: 'c', count: 1 },
  ]);
});

test('date formats are inferred, resolving day/month order by what parses every value', async () => {
  const profile = await profileOf(
    [
      'iso,dmy,mdy,same_either_way,stamp,dotted,slashed_ymd',
      '2024-01-31,31-01-2024,01/31/2024,01/01/2024,2024-01-31T10:00:00Z,31.01.2024,2024/01/31',
      '2024-02-29,29-02-2024,02/29/2024,03/03/2024,2024-02-29T23:59:59.500+02:00,29.02.2024,2024/02/29',
      '2023-12-01,01-12-2023,12/01/2023,05/05/2024,2023-12-01 08:30,01.12.2023,2023/12/01',
    ].join('\n'),
  );
  const format = (name: string) => column(profile.columns, name).date?.format;
  assert.equal(format('iso'), 'YYYY-MM-DD');
  assert.equal(format('dmy'), 'DD-MM-YYYY');
  assert.equal(format('mdy'), 'MM/DD/YYYY');
  // Day equals month in every value: both orders read the same days, so the first listed is fine.
  assert.equal(format('same_either_way'), 'MM/DD/YYYY');
  assert.equal(format('stamp'), 'ISO-8601');
  assert.equal(format('dotted'), 'DD.MM.YYYY');
  assert.equal(format('slashed_ymd'), 'YYYY/MM/DD');
  const iso = column(profile.columns, 'iso').date;
  assert.equal(iso?.min, '2023-12-01T00:00:00.000Z');
  assert.equal(iso?.max, '2024-02-29T00:00:00.000Z');
  const stamp = column(profile.columns, 'stamp').date;
  assert.equal(stamp?.max, '2024-02-29T21:59:59.500Z');
  assert.equal(stamp?.min, '2023-12-01T08:30:00.000Z');
});

test('day-first slashes win when a day above 12 rules out month-first', async () => {
  const profile = await profileOf('d\n01/02/2024\n13/02/2024\n');
  assert.equal(column(profile.columns, 'd').date?.format, 'DD/MM/YYYY');
  const notDates = await profileOf('d\n2024-02-30\n2024-01-01\n2024-01-02\n');
  assert.equal(column(notDates.columns, 'd').type, 'category');
});
