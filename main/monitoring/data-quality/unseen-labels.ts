/** How many filled current cells hold a label training never held, and the first few such labels. */
export type UnseenLabels = { filled: number; unseen: number; examples: string[] };

/** Labels named in the check's reason. */
const EXAMPLES = 3;

/**
 * The cells are counted by code in one integer pass, and each dictionary entry is looked up in
 * the training labels once: a million rows of a handful of labels cost a million increments and
 * a handful of string look-ups, not a million. The examples are the first unseen labels in row
 * order, found by a second pass that stops as soon as it has them.
 */
export function unseenLabels(
  codes: Int32Array,
  dictionary: readonly string[],
  known: ReadonlySet<string>,
): UnseenLabels {
  // Shifted by one, so that the missing cells (code −1) land in counts[0] without a branch.
  const counts = new Float64Array(dictionary.length + 1);
  for (let i = 0; i < codes.length; i++) counts[codes[i] + 1]++;
  const isNew = new Uint8Array(dictionary.length);
  const newLabels = new Set<string>();
  let unseen = 0;
  for (let code = 0; code < dictionary.length; code++) {
    if (counts[code + 1] === 0 || known.has(dictionary[code])) continue;
    isNew[code] = 1;
    newLabels.add(dictionary[code]);
    unseen += counts[code + 1];
  }
  const wanted = Math.min(EXAMPLES, newLabels.size);
  const examples = new Set<string>();
  for (let i = 0; i < codes.length && examples.size < wanted; i++) {
    const code = codes[i];
    if (code >= 0 && isNew[code] === 1) examples.add(dictionary[code]);
  }
  return { filled: codes.length - counts[0], unseen, examples: [...examples] };
}
