import type { Random } from '../../main/common/random.js';

/**
 * Random and malformed request bodies for the serving fuzz test. Every generator draws only
 * from the Random it is given, so a case is reproduced from its seed and index alone.
 */
export type FuzzCase = {
  kind: string;
  body: string | Buffer;
  /** null: no content-type header at all. */
  contentType: string | null;
};

export type InputField = { name: string; type: 'number' | 'category' | 'binary' | 'date' };

export const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)];

/** Replaced after JSON.stringify by a raw token JSON cannot express (NaN, 1e400, …). */
const RAW = 'FUZZ_RAW_9c1e';
const RAW_QUOTED = `"${RAW}"`;

const RAW_LITERALS = [
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e-400',
  '0x1F',
  '01',
  '.5',
  '+1',
  '1.',
  '- 1',
  'undefined',
  'True',
  'None',
  "'single'",
  '"unterminated',
  '"\\ud800"',
  '"\\x41"',
  '"\\u00"',
  '"tab\there"',
  '"nl\nhere"',
  '[1,]',
  '{"a":1,}',
  '{,}',
  '[,1]',
  '/* comment */ 1',
  '1 // comment',
];

const WEIRD_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '0x10',
  '  42  ',
  'NA',
  'null',
  'None',
  'true',
  '٣',
  '１２',
  '\u0000',
  '\ud800',
  '\udfff',
  '😀😀😀',
  '\u202eevil',
  '\ufeff',
  '2024-02-30',
  '0000-01-01',
  '9999-12-31T23:59:59.999Z',
  '2024-01-01T25:00:00Z',
  '+275760-09-13',
  '2024-01-01T00:00:00+99:99',
  '<script>alert(1)</script>',
  "'; DROP TABLE prediction_log;--",
  '../../etc/passwd',
  '%s%n%x',
  '$' + '{process.exit()}',
  '__proto__',
  'constructor',
];

const WEIRD_NUMBERS = [1e308, -1e308, 5e-324, -0, 2 ** 53 + 2, 0.1, 1.2345678901234568e29, -2147483649];

const WEIRD_KEYS = [
  '',
  ' ',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  'k'.repeat(10_000),
  '😀',
  '\u0000',
  'a.b',
  'a/b',
  '$ref',
  'records',
  'request_id',
];

const CONTENT_TYPES: readonly (string | null)[] = [
  null,
  '',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json;charset=latin1',
  'APPLICATION/JSON',
  'application/json-patch+json',
  'application/vnd.api+json',
  'text/json',
  '*/*',
  'application/json, text/plain',
  'application/json; ',
  ';',
  'application/octet-stream',
  `application/${'x'.repeat(1000)}`,
];

function randomString(random: Random, length: number): string {
  const pool = [
    'a',
    'Z',
    '0',
    ' ',
    '"',
    '\\',
    '/',
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u001f',
    '\u007f',
    'é',
    '中',
    '😀',
    '\ud800',
    '\udc00',
    '\u2028',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
  ];
  let text = '';
  for (let i = 0; i < length; i++) text += pick(random, pool);
  return text;
}

/** A value of any JSON type, biased to the ones that break naive code. */
export function weirdValue(random: Random, depth = 0): unknown {
  switch (random.int(depth > 3 ? 14 : 18)) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return 0;
    case 3:
      return pick(random, WEIRD_NUMBERS);
    case 4:
      return '';
    case 5:
    case 6:
      return pick(random, WEIRD_STRINGS);
    case 7:
      return randomString(random, random.int(80));
    case 8:
      return random.normal() * 10 ** random.int(20);
    case 9:
      return random.int(1000) - 500;
    case 10:
      return [];
    case 11:
      return {};
    case 12:
      return 'x'.repeat(1000 + random.int(1000));
    case 13:
      return String(random.int(100));
    case 14:
    case 15:
      return Array.from({ length: random.int(5) }, () => weirdValue(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(5) }, (_, i) => [`k${i}`, weirdValue(random, depth + 1)]),
      );
  }
}

/** A value the schema accepts for `type` but that a model might not expect. */
export function oddButValid(random: Random, type: InputField['type']): unknown {
  switch (type) {
    case 'number':
      return pick(random, [null, 0, -0, 1e308, -1e308, 5e-324, 2 ** 53, -1, 1e-12]);
    case 'category':
    case 'binary':
      return pick(random, [
        '',
        ' ',
        'NA',
        'null',
        true,
        false,
        0,
        1,
        -1,
        1e308,
        'x'.repeat(1000),
        '😀',
        'yes',
      ]);
    case 'date':
      return pick(random, [
        '',
        '2024-02-30',
        '0000-01-01',
        '0050-06-15',
        '9999-12-31',
        '2024-01-01T23:59:59.999999999Z',
        '2024-01-01T00:00:00+23:59',
        'garbage',
        '1970-01-01',
        '12/31/1999',
        '31.12.1999',
      ]);
  }
}

/** One record mutated at the value level (wrong types, missing or extra fields, odd values). */
export function mutateRecord(
  random: Random,
  record: Record<string, unknown>,
  fields: readonly InputField[],
): { kind: string; value: Record<string, unknown> } {
  const value: Record<string, unknown> = { ...record };
  const field = () => pick(random, fields);
  switch (random.int(7)) {
    case 0:
      return { kind: 'valid', value };
    case 1: {
      for (let i = 0, n = 1 + random.int(3); i < n; i++) value[field().name] = weirdValue(random);
      return { kind: 'wrong-type', value };
    }
    case 2: {
      for (let i = 0, n = 1 + random.int(fields.length); i < n; i++) delete value[field().name];
      return { kind: 'missing-field', value };
    }
    case 3: {
      for (let i = 0, n = 1 + random.int(5); i < n; i++) {
        const key = random.next() < 0.5 ? pick(random, WEIRD_KEYS) : randomString(random, 1 + random.int(20));
        value[key] = weirdValue(random);
      }
      return { kind: 'extra-field', value };
    }
    case 4: {
      for (let i = 0, n = 1 + random.int(3); i < n; i++) {
        const f = field();
        value[f.name] = oddButValid(random, f.type);
      }
      return { kind: 'odd-but-valid', value };
    }
    case 5: {
      // Aliases and near-miss names: upper case, stray spaces, snake vs camel.
      const f = field();
      const original = value[f.name];
      delete value[f.name];
      value[
        pick(random, [
          f.name.toUpperCase(),
          ` ${f.name}`,
          `${f.name} `,
          f.name.replace(/_/g, ''),
          `${f.name}\u0000`,
        ])
      ] = original;
      return { kind: 'renamed-field', value };
    }
    default: {
      const f = field();
      value[f.name] = null;
      return { kind: 'null-field', value };
    }
  }
}

/** Deeply nested arrays or objects, optionally left unclosed. */
export function deepNesting(random: Random, levels: number): string {
  const inner = random.next() < 0.5 ? ['[', ']', '1'] : ['{"a":', '}', '1'];
  const closed = random.next() < 0.8;
  return inner[0].repeat(levels) + inner[2] + (closed ? inner[1].repeat(levels) : '');
}

function invalidUtf8(random: Random, text: string): Buffer {
  const sequences = [
    [0xff],
    [0xfe],
    [0xc3, 0x28],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x80],
    [0xe2, 0x82],
  ];
  const bytes = Buffer.from(text);
  const at = random.int(bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(random, sequences)), bytes.subarray(at)]);
}

/** Text-level mutations of a JSON document: the bytes a broken client actually sends. */
export function mutateText(random: Random, json: string, fieldNames: readonly string[]): FuzzCase {
  const withJson = (kind: string, body: string | Buffer): FuzzCase => ({
    kind,
    body,
    contentType: 'application/json',
  });
  const isObject = json.startsWith('{') && json.length > 2;
  const insertAfterOpen = (member: string) => (isObject ? `{${member},${json.slice(1)}` : `{${member}}`);
  switch (random.int(13)) {
    case 0:
      return withJson('truncated', json.slice(0, random.int(json.length)));
    case 1:
      return withJson('invalid-utf8', invalidUtf8(random, json));
    case 2: {
      const literal = pick(random, RAW_LITERALS);
      return withJson(
        'raw-literal',
        isObject ? json.replace(/:([^,{}[\]]+)([,}])/, `:${literal}$2`) : `${json.slice(0, -1)},${literal}]`,
      );
    }
    case 3: {
      const key = fieldNames.length > 0 ? pick(random, fieldNames) : 'a';
      const duplicate = `"${key}":${JSON.stringify(weirdValue(random)) ?? 'null'}`;
      return withJson(
        'duplicate-key',
        random.next() < 0.5 ? insertAfterOpen(duplicate) : `${json.slice(0, -1)},${duplicate}}`,
      );
    }
    case 4: {
      const member = pick(random, [
        '"__proto__":{"polluted":"yes"}',
        '"constructor":{"prototype":{"polluted":"yes"}}',
        '"__proto__":null',
        '"__proto__":[]',
        '"extra":{"__proto__":{"polluted":"yes"}}',
        '"extra":[{"constructor":{"prototype":{"polluted":"yes"}}}]',
      ]);
      return withJson('prototype-key', insertAfterOpen(member));
    }
    case 5: {
      const levels = pick(random, [100, 1_000, 10_000, 10_000, 50_000]);
      const deep = deepNesting(random, levels);
      return withJson(`deep-${levels}`, random.next() < 0.5 ? deep : insertAfterOpen(`"deep":${deep}`));
    }
    case 6:
      return withJson(
        'empty',
        pick(random, [
          '',
          ' ',
          '\n',
          '\r\n',
          '\t',
          '\u0000',
          '\ufeff',
          'null',
          'true',
          '0',
          '""',
          '[]',
          '{}',
        ]),
      );
    case 7:
      return { kind: 'content-type', body: json, contentType: pick(random, CONTENT_TYPES) };
    case 8:
      return withJson('bom', `\ufeff${json}`);
    case 9:
      return withJson(
        'trailing-junk',
        json + pick(random, ['}', ',', ' x', '\u0000', json, ']]]]', '\n\n{"a":1}']),
      );
    case 10:
      return withJson('comment', `/* fuzz */${json}`);
    case 11:
      return withJson(
        'raw-placeholder',
        json.replace(/"[^"]*"$/, RAW_QUOTED).replaceAll(RAW_QUOTED, pick(random, RAW_LITERALS)),
      );
    default: {
      // Random bytes, printable or not.
      const bytes = Buffer.alloc(random.int(256));
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(256);
      return withJson('random-bytes', bytes);
    }
  }
}

/** A 1–5.2 MB string, in a known field or an extra one (the service refuses bodies over 5 MiB). */
export function hugeStringRecord(
  random: Random,
  record: Record<string, unknown>,
  fields: readonly InputField[],
): FuzzCase {
  const size = 1_000_000 + random.int(4_200_000);
  const key = random.next() < 0.5 ? pick(random, fields).name : 'notes';
  const body = JSON.stringify({ ...record, [key]: 'x'.repeat(size) });
  return { kind: `huge-string-${(size / 1e6).toFixed(1)}MB`, body, contentType: 'application/json' };
}
