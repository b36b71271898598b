import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromStoredPath, isInsideRoot, toStoredPath } from '../../main/workspace/index.js';

const root = join('/', 'work', 'podium-workspace');

test('a path inside the workspace is stored relative, with / whatever the platform', () => {
  assert.equal(
    toStoredPath(root, join(root, 'artifacts', 'models', 'churn', 'v3')),
    'artifacts/models/churn/v3',
  );
  assert.equal(toStoredPath(root, join(root, '..hidden', 'x.csv')), '..hidden/x.csv');
  assert.equal(toStoredPath(root, root), '.');
  assert.equal(
    fromStoredPath(root, 'artifacts/models/churn/v3'),
    join(root, 'artifacts', 'models', 'churn', 'v3'),
  );
  assert.equal(fromStoredPath(root, '.'), root);
});

test('a path outside the workspace, or none, is stored as it is', () => {
  const input = join('/', 'data', 'march.csv');
  assert.equal(toStoredPath(root, input), input);
  assert.equal(
    toStoredPath(root, join(root, '..', 'podium-workspace-old', 'x')),
    join('/', 'work', 'podium-workspace-old', 'x'),
  );
  assert.equal(fromStoredPath(root, input), input);
  assert.equal(fromStoredPath(root, 'C:\\Users\\ana\\march.csv'), 'C:\\Users\\ana\\march.csv');
  assert.equal(toStoredPath(root, ''), '');
  assert.equal(fromStoredPath(root, ''), '');
});

test('a stored path read at another root names the same file there', () => {
  const moved = join('/', 'mnt', 'backup', 'restored');
  const stored = toStoredPath(root, join(root, 'datasets', 'abc.csv'));
  assert.equal(fromStoredPath(moved, stored), join(moved, 'datasets', 'abc.csv'));
  assert.ok(isInsideRoot(moved, fromStoredPath(moved, stored)));
  assert.ok(!isInsideRoot(moved, join(moved, '..', 'other')));
});
