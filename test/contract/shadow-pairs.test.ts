import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describePairsNeeded, morePairsNeeded } from '../../main/contract/shadow-pairs.js';

const report = (over: Partial<Parameters<typeof morePairsNeeded>[0]>) => ({
  verdictSoFar: 'continue' as const,
  pairsNeeded: null,
  labelledPairs: 167,
  minSamples: 200,
  ...over,
});

test('one "pairs needed" figure: the estimate, else what the minimum still asks, 0 once decided', () => {
  assert.equal(morePairsNeeded(report({ pairsNeeded: 393 })), 393);
  assert.equal(describePairsNeeded(report({ pairsNeeded: 393 })), 'about 393 more labelled pairs');
  assert.equal(describePairsNeeded(report({})), 'about 33 more labelled pairs');
  assert.equal(describePairsNeeded(report({ pairsNeeded: 1 })), 'about 1 more labelled pair');
  assert.equal(morePairsNeeded(report({ labelledPairs: 250 })), null);
  assert.equal(morePairsNeeded(report({ verdictSoFar: 'promote', pairsNeeded: 0 })), 0);
  assert.equal(describePairsNeeded(report({ verdictSoFar: 'reject' })), 'no more labelled pairs needed');
});
