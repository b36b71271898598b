import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import { approveDecision, listPendingApprovals, rejectDecision } from '../../main/environments/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { storesOf } from '../helpers/stores.js';
import { type DevAndProd, devAndProd, PROD_TOKEN, releasedToProd } from './prod-fixture.js';

let env: DevAndProd;
let prod: ChampionChallengerManager;
before(async () => {
  env = await devAndProd();
  await releasedToProd(env, [env.trained.champion, env.trained.challenger]);
  prod = new ChampionChallengerManager(env.prod, storesOf(env.prod));
});
after(() => env?.cleanup());

const champion = () => storesOf(env.prod).versions.champion('credit-risk')?.version ?? null;
const isCode = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof PodiumError && error.code === code && pattern.test(error.message);

test('in prod even the first champion waits: evaluate records a request, approve makes it champion', async () => {
  const decision = await prod.evaluateChallenger('credit-risk:1', { actor: 'scheduler' });
  assert.equal(decision.outcome, 'awaiting_approval');
  assert.match(decision.summary, /prod requires approval/);
  assert.equal(champion(), null);
  assert.deepEqual(
    listPendingApprovals(storesOf(env.prod)).map((p) => [p.decisionId, p.challengerVersion, p.stale]),
    [[decision.id, 1, null]],
  );

  assert.throws(
    () => approveDecision(env.prod, storesOf(env.prod), { decisionId: decision.id, approver: 'mallory' }),
    isCode('FORBIDDEN', /mallory is not an approver in prod \(prod\.approvers: carol\)/),
  );
  assert.equal(champion(), null, 'a refused approval changes nothing');
  const answer = approveDecision(env.prod, storesOf(env.prod), {
    decisionId: decision.id,
    approver: 'carol',
    reason: 'ok',
  });
  assert.deepEqual(answer.champion, { before: null, after: 1 });
  assert.equal(champion(), 1);
  assert.deepEqual(listPendingApprovals(storesOf(env.prod)), []);
  assert.throws(
    () => approveDecision(env.prod, storesOf(env.prod), { decisionId: decision.id, approver: 'carol' }),
    isCode('CONFLICT', /already approved by carol/),
  );
  assert.throws(
    () => approveDecision(env.prod, storesOf(env.prod), { decisionId: 12345, approver: 'carol' }),
    isCode('NOT_FOUND', /no decision #12345/),
  );
  const transition = storesOf(env.prod).versions.transitions('credit-risk')[0];
  assert.equal(transition.actor, 'carol');
  assert.equal(transition.decisionId, decision.id);
});

test('a decision that is not awaiting approval, or has gone stale, cannot be approved', () => {
  const request = prod.promotions.promote(prod.resolveVersion('2'), { actor: 'bob', reason: 'better' });
  assert.equal(request.outcome, 'awaiting_approval');
  approveDecision(env.prod, storesOf(env.prod), { decisionId: request.id, approver: 'carol' });
  assert.equal(champion(), 2);

  const back = prod.promotions.promote(prod.resolveVersion('1'), { actor: 'bob' });
  assert.equal(back.outcome, 'awaiting_approval');
  // Meanwhile someone rolls back to v1 (rollback is not held for approval, but it is audited).
  const rollback = prod.promotions.rollback('credit-risk', { actor: 'dave', reason: 'errors spiking' });
  assert.equal(champion(), 1);
  assert.throws(
    () => approveDecision(env.prod, storesOf(env.prod), { decisionId: rollback.id, approver: 'carol' }),
    isCode('CONFLICT', /is a rollback decision, not one awaiting approval/),
  );
  const [pending] = listPendingApprovals(storesOf(env.prod));
  assert.equal(pending.decisionId, back.id);
  assert.match(pending.stale ?? '', /already the champion/);
  assert.throws(
    () => approveDecision(env.prod, storesOf(env.prod), { decisionId: back.id, approver: 'carol' }),
    isCode('CONFLICT', /is stale/),
  );
  // A stale request can still be answered with a no, which closes it.
  rejectDecision(env.prod, storesOf(env.prod), {
    decisionId: back.id,
    approver: 'carol',
    reason: 'superseded',
  });
  assert.deepEqual(listPendingApprovals(storesOf(env.prod)), []);
  assert.equal(champion(), 1);
});

test('a rejection keeps the champion; every prod transition is audited with who, why and the decision', () => {
  const stageBefore = prod.resolveVersion('2').stage;
  const request = prod.promotions.promote(prod.resolveVersion('2'), {
    actor: 'bob',
    reason: `retry (token ${PROD_TOKEN} pasted by mistake)`,
  });
  const answer = rejectDecision(env.prod, storesOf(env.prod), {
    decisionId: request.id,
    approver: 'carol',
    reason: 'not now',
  });
  assert.equal(answer.verdict, 'rejected');
  assert.equal(champion(), 1);
  assert.equal(prod.resolveVersion('2').stage, stageBefore);

  const audit = storesOf(env.prod).audit.list();
  assert.deepEqual(audit.map((e) => [e.action, e.actor, e.fromVersion, e.toVersion]).reverse(), [
    ['release', 'alice', null, 1],
    ['release', 'alice', null, 2],
    ['promotion_requested', 'scheduler', null, 1],
    ['approved', 'carol', null, 1],
    ['promotion_requested', 'bob', 1, 2],
    ['approved', 'carol', 1, 2],
    ['promotion_requested', 'bob', 2, 1],
    ['rollback', 'dave', 2, 1],
    ['rejected', 'carol', 1, 1],
    ['promotion_requested', 'bob', 1, 2],
    ['rejected', 'carol', 1, 2],
  ]);
  assert.ok(audit.every((e) => e.environment === 'prod' && e.reason.length > 0));
  assert.ok(audit.filter((e) => e.action !== 'release').every((e) => e.decisionId !== null));
  // A secret typed into a reason is kept out of the audit log and the decision record.
  const stored = env.prod.db
    .prepare("SELECT group_concat(reason || details_json, ' ') AS text FROM audit_log")
    .get() as { text: string };
  assert.ok(!stored.text.includes(PROD_TOKEN));
  assert.match(stored.text, /token \*\*\* pasted/);
  const decisions = env.prod.db
    .prepare("SELECT group_concat(summary || reasons_json, ' ') AS text FROM decisions")
    .get() as { text: string };
  assert.ok(!decisions.text.includes(PROD_TOKEN));
});

test('with no approvers configured nobody can approve, and the error names the key to set', () => {
  const unconfigured = env.reopenProd(() => {});
  const request = new ChampionChallengerManager(unconfigured, storesOf(unconfigured)).promotions.promote(
    prod.resolveVersion('2'),
    {
      actor: 'bob',
    },
  );
  assert.throws(
    () =>
      approveDecision(unconfigured, storesOf(unconfigured), { decisionId: request.id, approver: 'carol' }),
    isCode('FORBIDDEN', /Nobody may approve in prod yet: set prod\.approvers/),
  );
  rejectDecision(env.prod, storesOf(env.prod), { decisionId: request.id, approver: 'carol' });
});

test('dev keeps promoting directly (require_approval is off there), and audits it too', () => {
  const manager = new ChampionChallengerManager(env.dev, storesOf(env.dev));
  const decision = manager.promotions.promote(env.trained.challenger, { actor: 'erin' });
  assert.equal(decision.outcome, 'promote');
  assert.equal(storesOf(env.dev).versions.champion('credit-risk')?.version, env.trained.challenger.version);
  const [entry] = storesOf(env.dev).audit.list();
  assert.deepEqual([entry.environment, entry.action, entry.actor], ['dev', 'promote', 'erin']);
});
