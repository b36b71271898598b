/**
 * Small non-negative integers (counts, months, 0/1 flags: the usual numbers coded as categories)
 * are looked up in an array instead of the Map: a million rows then cost no million hash look-ups.
 */
const SMALL_INTEGERS = 4096;

/**
 * The same codes and labels as coding `String(value)` of each cell, keyed by the number itself:
 * a million-row 0/1 column then costs no million strings. A Map's number keys equate exactly the
 * values `String` does (0 and −0 alike, every other double apart); the array of small integers
 * does too (−0 is 0 there), and a value always takes the same one of the two ways.
 */
export function codedNumbers(values: Float64Array): { codes: Int32Array; dictionary: string[] } {
  const codes = new Int32Array(values.length);
  const codeOf = new Map<number, number>();
  const smallCodes = new Int32Array(SMALL_INTEGERS).fill(-1);
  const dictionary: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) {
      codes[i] = -1;
      continue;
    }
    if (value >= 0 && value < SMALL_INTEGERS && (value | 0) === value) {
      let code = smallCodes[value];
      if (code < 0) {
        code = dictionary.length;
        dictionary.push(String(value));
        smallCodes[value] = code;
      }
      codes[i] = code;
      continue;
    }
    let code = codeOf.get(value);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(String(value));
      codeOf.set(value, code);
    }
    codes[i] = code;
  }
  return { codes, dictionary };
}
