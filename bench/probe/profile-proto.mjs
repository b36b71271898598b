// A profile computed from typed columns (what `podium data add` would do after reading once):
// per numeric column a sorted copy → min, max, mean, sd, quantiles, distinct, 20-bin histogram;
// per category the counts by code; per date min, max and distinct days.
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

export function profileTable(table) {
  return table.header.map((name, c) => {
    const column = table.columns[c];
    if (column.kind === 'numeric') return { name, kind: 'numeric', ...numeric(column.values) };
    if (column.kind === 'category') return { name, kind: 'category', ...category(column) };
    return { name, kind: 'date', ...dates(column.values) };
  });
}

function numeric(values) {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present++;
  const sorted = new Float64Array(present);
  let k = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      sorted[k++] = v;
      sum += v;
    }
  }
  sorted.sort();
  const mean = sum / present;
  let squares = 0;
  let distinct = present > 0 ? 1 : 0;
  for (let i = 0; i < present; i++) {
    squares += (sorted[i] - mean) ** 2;
    if (i > 0 && sorted[i] !== sorted[i - 1]) distinct++;
  }
  const min = sorted[0];
  const max = sorted[present - 1];
  const counts = new Array(20).fill(0);
  const width = (max - min) / 20 || 1;
  for (let i = 0; i < present; i++) counts[Math.min(19, Math.floor((sorted[i] - min) / width))]++;
  const quantiles = Object.fromEntries(
    QUANTILES.map((q) => [
      `p${Math.round(q * 100)}`,
      sorted[Math.min(present - 1, Math.floor(q * (present - 1)))],
    ]),
  );
  return {
    missing: values.length - present,
    min,
    max,
    mean,
    sd: Math.sqrt(squares / (present - 1)),
    distinct,
    quantiles,
    histogram: counts,
  };
}

function category({ values, dictionary }) {
  const counts = new Float64Array(dictionary.length);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const code = values[i];
    if (code < 0) missing++;
    else counts[code]++;
  }
  const top = dictionary
    .map((value, code) => ({ value, count: counts[code] }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 20);
  return { missing, distinct: dictionary.length, top };
}

function dates(values) {
  let min = Infinity;
  let max = -Infinity;
  let missing = 0;
  const seen = new Set();
  for (let i = 0; i < values.length; i++) {
    const d = values[i];
    if (d === -2147483648) {
      missing++;
      continue;
    }
    if (d < min) min = d;
    if (d > max) max = d;
    seen.add(d);
  }
  return { missing, minDay: min, maxDay: max, distinct: seen.size };
}
