import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Stage, Transition } from '../../main/contract/index.js';
import { transitionRows } from '../../renderer/store/registry-store.js';

function transition(id: number, version: number, from: Stage, to: Stage, reason: string): Transition {
  return {
    id,
    versionId: version * 10,
    version,
    fromStage: from,
    toStage: to,
    actor: 'podium',
    reason,
    decisionId: null,
    createdAt: `2026-01-01T00:00:0${id}.000Z`,
  };
}

test('a registration and its first stage read as one "registered → stage" row, newest first', () => {
  // As registry.transitions answers: newest first.
  const rows = transitionRows([
    transition(5, 1, 'challenger', 'champion', 'promoted by decision 1'),
    transition(4, 2, 'none', 'challenger', 'trained by run b'),
    transition(3, 2, 'none', 'none', 'registered: trained by run b'),
    transition(2, 1, 'none', 'challenger', 'trained by run a'),
    transition(1, 1, 'none', 'none', 'registered: trained by run a'),
  ]);
  assert.deepEqual(
    rows.map((row) => [row.id, row.version, row.registered, row.fromStage, row.toStage, row.reason]),
    [
      [5, 1, false, 'challenger', 'champion', 'promoted by decision 1'],
      [4, 2, true, 'none', 'challenger', 'trained by run b'],
      [2, 1, true, 'none', 'challenger', 'trained by run a'],
    ],
  );
});

test('a registration without a first stage yet still shows once, without the prefix', () => {
  const rows = transitionRows([transition(1, 3, 'none', 'none', 'registered: imported from v3.tgz')]);
  assert.deepEqual(
    rows.map((row) => [row.registered, row.toStage, row.reason]),
    [[true, 'none', 'imported from v3.tgz']],
  );
});
