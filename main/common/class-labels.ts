/** Labels arrive as the caller sent them (1, "1", true, "Yes"): compare them as class names. */
function normaliseLabel(value: unknown): string {
  const text = String(value).trim();
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? String(number) : text.toLowerCase();
}

/**
 * Maps a label to its class index, or −1 for a class the model does not know. How feedback
 * labels are matched to a classifier's classes, both when /feedback checks them and when live
 * performance is computed from them.
 */
export function classIndexer(classes: readonly string[]): (label: unknown) => number {
  const index = new Map(classes.map((label, i) => [normaliseLabel(label), i]));
  return (label) => {
    if (label === null || label === undefined) return -1;
    const direct = index.get(normaliseLabel(label));
    if (direct !== undefined) return direct;
    // A JSON boolean may name a 0/1 class.
    if (typeof label === 'boolean') return index.get(label ? '1' : '0') ?? -1;
    return -1;
  };
}
