const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** The /batch_predict body for several /predict bodies: their bytes, as they came, in a JSON array. */
export function batchBody(bodies: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [OPEN];
  for (const [index, body] of bodies.entries()) {
    if (index > 0) parts.push(COMMA);
    parts.push(body);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/**
 * A /batch_predict answer as the /predict answers the service would have given one by one:
 * each record's prediction fields, then model, version, time and the request's own id, in the
 * order /predict writes them. Null when the answer is not that shape (the caller then asks
 * one request at a time).
 * Each answer is the record's JSON with the shared fields appended as text: building an object
 * per record to serialise it again cost more than the service's scoring of it.
 */
export function splitBatchAnswer(text: string, requestIds: readonly string[]): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { predictions, model, model_version, prediction_time } = parsed as Record<string, unknown>;
  if (!Array.isArray(predictions) || predictions.length !== requestIds.length) return null;
  if (model === undefined || model_version === undefined || prediction_time === undefined) return null;
  const shared = `,"model":${JSON.stringify(model)},"model_version":${JSON.stringify(model_version)},"prediction_time":${JSON.stringify(prediction_time)},"request_id":`;
  const answers: string[] = new Array(predictions.length);
  for (let i = 0; i < predictions.length; i++) {
    const prediction = predictions[i];
    if (typeof prediction !== 'object' || prediction === null || Array.isArray(prediction)) return null;
    const fields = JSON.stringify(prediction);
    // An empty object would leave a leading comma: not an answer any service gives.
    if (fields.length <= 2) return null;
    answers[i] = `${fields.slice(0, -1)}${shared}${JSON.stringify(requestIds[i])}}`;
  }
  return answers;
}
