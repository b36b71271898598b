import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { type DevAndProd, devAndProd, releasedToProd } from '../environments/prod-fixture.js';
import { storesOf } from '../helpers/stores.js';

let env: DevAndProd;
let prod: ChampionChallengerManager;
before(async () => {
  env = await devAndProd();
  await releasedToProd(env, [env.trained.champion]);
  prod = new ChampionChallengerManager(env.prod, storesOf(env.prod));
});
after(() => env?.cleanup());

test('evaluating the same challenger twice returns the stored decision instead of a copy', async () => {
  const first = await prod.evaluateChallenger('credit-risk:1', { actor: 'alice' });
  assert.equal(first.outcome, 'awaiting_approval');
  const again = await prod.evaluateChallenger('credit-risk:1', { actor: 'bob' });
  assert.equal(again.id, first.id);
  assert.equal(again.actor, 'alice', 'the decision that stands is the first one');
  assert.deepEqual(
    storesOf(env.prod)
      .decisions.list('credit-risk')
      .map((d) => d.id),
    [first.id],
  );
});
