/**
 * The same codes and labels as coding `String(value)` of each cell, keyed by the number itself:
 * a million-row 0/1 column then costs no million strings. A Map's number keys equate exactly the
 * values `String` does (0 and −0 alike, every other double apart).
 */
export function codedNumbers(values: Float64Array): { codes: Int32Array; dictionary: string[] } {
  const codes = new Int32Array(values.length);
  const codeOf = new Map<number, number>();
  const dictionary: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) {
      codes[i] = -1;
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
