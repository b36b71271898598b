import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describePairsNeeded, morePairsNeeded } from '../../main/contract/shadow-pairs.js';

const report = (over: Partial<Parameters<typeof morePairsNeeded>[0]>) => ({
  verdict_so_far: 'continue' as const,
  pairs_needed: null,
  labelled_pairs: 167,
  min_samples: 200,
  ...over,
});

test('one "pairs needed" figure: the estimate, else what the minimum still asks, 0 once decided', () => {
  assert.equal(morePairsNeeded(report({ pairs_needed: 393 })), 393);
  assert.equal(describePairsNeeded(report({ pairs_needed: 393 })), 'about 393 more labelled pairs');
  assert.equal(describePairsNeeded(report({})), 'about 33 more labelled pairs');
  assert.equal(describePairsNeeded(report({ pairs_needed: 1 })), 'about 1 more labelled pair');
  assert.equal(morePairsNeeded(report({ labelled_pairs: 250 })), null);
  assert.equal(morePairsNeeded(report({ verdict_so_far: 'promote', pairs_needed: 0 })), 0);
  assert.equal(describePairsNeeded(report({ verdict_so_far: 'reject' })), 'no more labelled pairs needed');
});
