/**
 * The class labels a classifier's graph names (`classlabels_strings`, or `classlabels_ints` of
 * ONNX-ML's classifier operators and `classlabels_int64s` of ZipMap), preferring the node that writes `labelOutput`.
 * Null when the graph names none (a classifier built from plain operators).
 */
export async function graphClassLabels(
  bytes: Uint8Array,
  labelOutput: string | null,
): Promise<string[] | null> {
  // Loaded on use: the protobuf definitions are large, and only an import reads a graph.
  const { onnx } = (await import('onnx-proto')).default;
  const model = onnx.ModelProto.decode(bytes);
  let found: string[] | null = null;
  for (const node of model.graph?.node ?? []) {
    for (const attribute of node.attribute ?? []) {
      let labels: string[] | null = null;
      if (attribute.name === 'classlabels_strings' && attribute.strings?.length)
        labels = attribute.strings.map((value) => new TextDecoder().decode(value));
      else if (
        (attribute.name === 'classlabels_ints' || attribute.name === 'classlabels_int64s') &&
        attribute.ints?.length
      )
        labels = attribute.ints.map((value) => String(value));
      if (labels === null) continue;
      if (labelOutput !== null && node.output?.includes(labelOutput)) return labels;
      found ??= labels;
    }
  }
  return found;
}
