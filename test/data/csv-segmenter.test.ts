import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvSegmenter, scanForCut } from '../../main/data/csv-segmenter.js';

/** Quote count before `end` is even: the position lies outside quoted fields. */
function outsideQuotes(bytes: Buffer, end: number): boolean {
  let quotes = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 34) quotes++;
  return quotes % 2 === 0;
}

test('a scan that starts inside quotes finds the first line feed after the closing quote', () => {
  assert.deepEqual(scanForCut(Buffer.from('still quoted\n",1\n2,'), true), { cut: 17, endInQuotes: false });
  assert.deepEqual(scanForCut(Buffer.from('still quoted\nno close'), true), { cut: 0, endInQuotes: true });
  assert.deepEqual(scanForCut(Buffer.from('a,"b\nc'), false), { cut: 0, endInQuotes: true });
  assert.deepEqual(scanForCut(Buffer.from('a,b\nc,"d'), false), { cut: 4, endInQuotes: true });
});

test('records cut from chunks of any size are whole records, in order, with nothing lost', () => {
  let state = 7;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  for (let round = 0; round < 200; round++) {
    const rows = Array.from({ length: 1 + random(20) }, (_, r) => {
      const cells = ['x', '"a\nb"', '"q ""x"" \r\n"', String(r), `"${'long,\n'.repeat(random(30))}"`];
      return `${cells[random(cells.length)]},${cells[random(cells.length)]}`;
    });
    const body = Buffer.from(`${rows.join('\n')}\n`);
    const segmenter = new CsvSegmenter('rows.csv', ',');
    const segments = [];
    const input = Buffer.concat([Buffer.from('h1,h2\n'), body]);
    for (let at = 0; at < input.length; ) {
      const size = 1 + random(40);
      segments.push(...segmenter.push(input.subarray(at, at + size)));
      at += size;
    }
    segments.push(...segmenter.end());
    assert.deepEqual(segmenter.header, ['h1', 'h2']);
    assert.equal(Buffer.concat(segments.map((s) => s.bytes)).toString(), body.toString(), `round ${round}`);
    let offset = 0;
    for (const segment of segments) {
      offset += segment.bytes.length;
      assert.ok(outsideQuotes(body, offset), `round ${round}: a cut at ${offset} lies inside quotes`);
    }
  }
});
