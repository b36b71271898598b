import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

const DAY = 86_400_000;
let trained: TrainedWorkspace;
let log: PredictionLog;

before(async () => {
  trained = await trainedWorkspace({ samples: 800 });
  log = new PredictionLog(trained.workspace.db, trained.clock);
});
after(() => trained?.workspace.cleanup());

/** Writes paired traffic as the gateway would: each model's answer, then the label. */
function traffic(pairs: { champion: string; challenger: string; actual: string }[]): void {
  for (const pair of pairs) {
    const requestId = randomUUID();
    const common = { requestId, modelName: 'credit-risk', status: 200, latencyMs: 1 };
    log.add({
      ...common,
      version: 1,
      role: 'champion',
      features: '{}',
      prediction: JSON.stringify({ prediction: pair.champion }),
    });
    log.add({
      ...common,
      version: trained.challenger.version,
      role: 'shadow',
      prediction: JSON.stringify({ prediction: pair.challenger }),
    });
    log.flush();
    log.attachFeedback([{ requestId, actual: pair.actual }]);
  }
}

function repeat<T>(count: number, item: T): T[] {
  return Array.from({ length: count }, () => item);
}

test('nothing is decided before the minimum samples, however clear the early pairs look', () => {
  const test = trained.manager.shadow.start(trained.challenger, 'test');
  traffic(repeat(50, { champion: '0', challenger: '1', actual: '1' }));
  const report = trained.manager.shadow.report(test);
  assert.equal(report.labelledPairs, 50);
  assert.equal(report.verdictSoFar, 'continue');
  assert.deepEqual(trained.manager.shadow.checkAll('credit-risk'), []);
});

test('a clear winner ends the test early with a promote decision and its interval', () => {
  traffic(repeat(300, { champion: '0', challenger: '1', actual: '1' }));
  traffic(repeat(300, { champion: '1', challenger: '1', actual: '1' }));
  const decisions = trained.manager.shadow.checkAll('credit-risk', 'test');
  assert.equal(decisions.length, 1);
  assert.equal(decisions[0].outcome, 'promote');
  const report = decisions[0].metrics.shadowTest as {
    interval: { lower: number };
    margin: number;
    elapsedDays: number;
  };
  assert.ok(report.interval.lower > report.margin);
  assert.ok(report.elapsedDays < 14, 'decided before the duration');
  assert.equal(trained.stores.versions.champion('credit-risk')?.version, trained.challenger.version);
  // Put the original champion back for the next case.
  trained.manager.promotions.rollback('credit-risk', { actor: 'test' });
});

test('an equal challenger is not promoted; after the duration the test completes without promotion', () => {
  trained.clock.advance(60_000); // the earlier test's traffic is before this one starts
  const challenger = trained.stores.versions.get('credit-risk', trained.challenger.version);
  const started = trained.manager.shadow.start(challenger, 'test');
  const agree = [
    ...repeat(150, { champion: '1', challenger: '1', actual: '1' }),
    ...repeat(40, { champion: '1', challenger: '0', actual: '1' }),
    ...repeat(40, { champion: '0', challenger: '1', actual: '1' }),
    ...repeat(70, { champion: '0', challenger: '0', actual: '1' }),
  ];
  traffic(agree);
  assert.equal(trained.manager.shadow.report(started).verdictSoFar, 'continue');
  trained.clock.advance(15 * DAY);
  const decisions = trained.manager.shadow.checkAll('credit-risk', 'test');
  assert.equal(decisions.length, 1);
  assert.ok(['reject', 'inconclusive'].includes(decisions[0].outcome), decisions[0].outcome);
  assert.equal(trained.stores.versions.champion('credit-risk')?.version, 1);
  assert.equal(trained.stores.shadowTests.get(started.id)?.status, 'completed');
  assert.equal(trained.stores.versions.get('credit-risk', trained.challenger.version).stage, 'archived');
});
