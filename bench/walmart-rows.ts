import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createRandom } from '../main/common/random.js';

/** Rows joined per write: the 10,000,000-row file (550 MB) is longer than a string may be. */
const ROWS_PER_WRITE = 10_000;

/**
 * A Walmart-shaped file of any length for batch prediction: the shipped weekly sales repeated in
 * order, every number moved by up to ±1% (seeded), written with the source's decimals, so the
 * stores, dates and value ranges are the real ones and no two repeats are identical text.
 */
export async function writeWalmartRows(
  source: string,
  output: string,
  rows: number,
  seed = 7,
): Promise<void> {
  const [header, ...lines] = (await readFile(source, 'utf8')).trim().split('\n');
  const records = lines.map((line) => line.split(','));
  // Store, Date, Weekly_Sales, Holiday_Flag, Temperature, Fuel_Price, CPI, Unemployment.
  const decimals = [null, null, 2, null, 2, 3, 7, 3];
  const random = createRandom(seed);
  const sink = createWriteStream(output);
  let parts: string[] = [header];
  for (let i = 0; i < rows; i++) {
    const record = records[i % records.length];
    parts.push(
      record
        .map((cell, c) => {
          const places = decimals[c];
          return places === null ? cell : (Number(cell) * (1 + (random.next() - 0.5) * 0.02)).toFixed(places);
        })
        .join(','),
    );
    if (parts.length >= ROWS_PER_WRITE) {
      if (!sink.write(`${parts.join('\n')}\n`)) await once(sink, 'drain');
      parts = [];
    }
  }
  if (parts.length > 0) sink.write(`${parts.join('\n')}\n`);
  sink.end();
  await finished(sink);
}
