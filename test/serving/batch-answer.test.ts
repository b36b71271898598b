import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchBody, splitBatchAnswer } from '../../main/serving/batch-answer.js';

const envelope = { model: 'm', model_version: 3, prediction_time: '2026-01-01T00:00:00.000Z' };

test('a batch body is the bodies as they came, in a JSON array', () => {
  const bodies = ['{"a":1}', '{"b": "x,y"}', '{}'].map((text) => Buffer.from(text));
  assert.equal(batchBody(bodies).toString(), '[{"a":1},{"b": "x,y"},{}]');
  assert.deepEqual(JSON.parse(batchBody(bodies.slice(0, 1)).toString()), [{ a: 1 }]);
});

test('a batch answer splits into the answers /predict gives, field for field and in order', () => {
  const predictions = [
    { predicted_y: '1', prediction: '1', probabilities: { '0': 0.25, '1': 0.75 } },
    { predicted_y: 'a "quoted" \u2028 value', prediction: 'x' },
  ];
  const answers = splitBatchAnswer(JSON.stringify({ predictions, ...envelope, count: 2 }), ['id-1', 'id-2']);
  assert.ok(answers);
  assert.equal(
    answers[0],
    JSON.stringify({ ...predictions[0], ...envelope, request_id: 'id-1' }),
    'the same text as a /predict answer',
  );
  assert.deepEqual(JSON.parse(answers[1]), { ...predictions[1], ...envelope, request_id: 'id-2' });
});

test('an answer of another shape is not split (the caller asks one request at a time)', () => {
  const ok = { predictions: [{ prediction: 1 }], ...envelope };
  const cases: [string, string][] = [
    ['not JSON', '{"predictions": ['],
    ['null', 'null'],
    ['no predictions', JSON.stringify(envelope)],
    ['too few predictions', JSON.stringify({ ...ok, predictions: [] })],
    ['a prediction that is not an object', JSON.stringify({ ...ok, predictions: [1] })],
    ['an empty prediction', JSON.stringify({ ...ok, predictions: [{}] })],
    ['an array as a prediction', JSON.stringify({ ...ok, predictions: [[1]] })],
    ['no model', JSON.stringify({ predictions: ok.predictions, model_version: 1, prediction_time: 't' })],
  ];
  for (const [name, text] of cases) assert.equal(splitBatchAnswer(text, ['id']), null, name);
  assert.ok(splitBatchAnswer(JSON.stringify(ok), ['id']));
});
