import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, parseVersionRef } from '../../main/lifecycle/index.js';
import { defaultConfig } from '../helpers/workspace.js';

const settings = defaultConfig().config.champion_challenger;
const champion = { accuracy: 0.8, precision: 0.6, recall: 0.5, f1_score: 0.55, roc_auc: 0.7 };

test('an improvement below the threshold keeps the champion', () => {
  const verdict = decide({ task: 'binary', champion, challenger: { ...champion, roc_auc: 0.72 }, settings });
  assert.equal(verdict.outcome, 'keep_champion');
  assert.match(verdict.summary, /below the 5.0% threshold/);
});

test('an improvement at or above the threshold starts a shadow test', () => {
  const verdict = decide({ task: 'binary', champion, challenger: { ...champion, roc_auc: 0.77 }, settings });
  assert.equal(verdict.outcome, 'start_shadow');
  assert.equal(verdict.primaryMetric, 'roc_auc');
  assert.ok(verdict.reasons.some((r) => r.includes('roc_auc: challenger 0.7700 vs champion 0.7000')));
});

test('with shadow testing off, auto-promotion promotes; without it, approval is awaited', () => {
  const challenger = { ...champion, roc_auc: 0.8 };
  assert.equal(
    decide({ task: 'binary', champion, challenger, settings: { ...settings, shadow_testing: false } })
      .outcome,
    'promote',
  );
  assert.equal(
    decide({
      task: 'binary',
      champion,
      challenger,
      settings: { ...settings, shadow_testing: false, auto_promotion: false },
    }).outcome,
    'awaiting_approval',
  );
});

test('a regression on another evaluation metric keeps the champion and says which', () => {
  const verdict = decide({
    task: 'binary',
    champion,
    challenger: { ...champion, roc_auc: 0.8, accuracy: 0.7 },
    settings,
  });
  assert.equal(verdict.outcome, 'keep_champion');
  assert.ok(verdict.comparisons.find((c) => c.metric === 'accuracy')?.regressed);
  assert.match(verdict.summary, /worse on accuracy/);
});

test('precision and recall alone do not block: they trade off at the threshold', () => {
  const verdict = decide({
    task: 'binary',
    champion,
    challenger: { ...champion, roc_auc: 0.8, recall: 0.3 },
    settings,
  });
  assert.equal(verdict.outcome, 'start_shadow');
});

test('regression uses r2 when the configured primary metric does not apply, and lower-is-better errors', () => {
  const verdict = decide({
    task: 'number',
    champion: { r2: 0.8, rmse: 10, mae: 8, mape: 0.1 },
    challenger: { r2: 0.9, rmse: 12, mae: 8, mape: 0.1 },
    settings,
  });
  assert.equal(verdict.primaryMetric, 'r2');
  assert.ok(verdict.reasons[0].includes('does not apply to number models'));
  const rmse = verdict.comparisons.find((c) => c.metric === 'rmse')!;
  assert.equal(rmse.direction, 'lower');
  assert.ok(Math.abs(rmse.relativeImprovement - -0.2) < 1e-12);
  assert.equal(verdict.outcome, 'keep_champion');
});

test('version references', () => {
  assert.deepEqual(parseVersionRef('3', 'm'), { modelName: 'm', version: 3 });
  assert.deepEqual(parseVersionRef('v12', 'm'), { modelName: 'm', version: 12 });
  assert.deepEqual(parseVersionRef('credit-risk:2', 'm'), { modelName: 'credit-risk', version: 2 });
  assert.deepEqual(parseVersionRef('credit-risk@v2', 'm'), { modelName: 'credit-risk', version: 2 });
  assert.throws(
    () => parseVersionRef('latest', 'm'),
    (e: Error & { code?: string }) => e.code === 'USAGE',
  );
});
