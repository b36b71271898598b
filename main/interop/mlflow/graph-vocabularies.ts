/** Operators of ONNX-ML that read a string input against a list of the strings they know. */
const KNOWN_STRINGS: Record<string, string> = {
  LabelEncoder: 'keys_strings',
  OneHotEncoder: 'cats_strings',
  CategoryMapper: 'cats_strings',
};

/**
 * The strings a graph itself knows for each of its string inputs: the keys of the LabelEncoder,
 * OneHotEncoder or CategoryMapper that reads the input directly (as skl2onnx and Podium's own
 * export write them). With these, an imported model hands the graph every value it can tell
 * apart, not only those a data file or an input example happened to hold.
 */
export async function graphStringVocabularies(
  bytes: Uint8Array,
  inputs: readonly string[],
): Promise<Map<string, string[]>> {
  // Loaded on use: the protobuf definitions are large, and only an import reads a graph.
  const { onnx } = (await import('onnx-proto')).default;
  const model = onnx.ModelProto.decode(bytes);
  const wanted = new Set(inputs);
  const found = new Map<string, string[]>();
  const decoder = new TextDecoder();
  for (const node of model.graph?.node ?? []) {
    const key = KNOWN_STRINGS[node.opType ?? ''];
    const input = node.input?.[0];
    if (key === undefined || input === undefined || !wanted.has(input)) continue;
    const attribute = node.attribute?.find((candidate) => candidate.name === key);
    if (!attribute?.strings?.length) continue;
    const values = found.get(input) ?? [];
    for (const value of attribute.strings.map((bytesOfValue) => decoder.decode(bytesOfValue)))
      if (!values.includes(value)) values.push(value);
    found.set(input, values);
  }
  return found;
}
