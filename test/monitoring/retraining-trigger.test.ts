import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { AlertService } from '../../main/monitoring/alerts/index.js';
import { cycleChecks } from '../../main/monitoring/cycle-checks.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

let trained: TrainedWorkspace;
let alerts: AlertService;

before(async () => {
  trained = await trainedWorkspace({ samples: 1500 });
  alerts = AlertService.forWorkspace(trained.workspace, trained.stores.alerts);
});
after(async () => {
  await alerts?.close();
  trained?.workspace.cleanup();
});

/**
 * Live traffic where the champion is mostly wrong: the drift file's rows, answered with the
 * opposite of their label, as a model whose world moved on would.
 */
function wrongTraffic(rows: number): void {
  const log = new PredictionLog(trained.workspace.db, trained.clock);
  const [header, ...lines] = readFileSync(trained.driftFile, 'utf8').trim().split('\n');
  const names = header.split(',');
  for (const line of lines.slice(0, rows)) {
    const cells = line.split(',');
    const record = Object.fromEntries(
      names.map((name, i) => [name, cells[i]]).filter(([name]) => name !== 'target'),
    );
    const actual = cells[names.indexOf('target')];
    const wrong = actual === '1' ? '0' : '1';
    const requestId = randomUUID();
    log.add({
      requestId,
      modelName: 'credit-risk',
      version: 1,
      role: 'champion',
      features: JSON.stringify(record),
      prediction: JSON.stringify({ prediction: wrong, probabilities: { [wrong]: 0.8, [actual]: 0.2 } }),
      status: 200,
      latencyMs: 1,
    });
    log.flush();
    log.attachFeedback([{ requestId, actual }]);
  }
}

test('a performance drop raises an alert and the cycle retrains on the labelled traffic', async () => {
  wrongTraffic(400);
  trained.clock.advance(60_000);
  const versionsBefore = trained.stores.versions.list('credit-risk').length;
  const report = await trained.manager.runCycle({
    checks: cycleChecks({
      workspace: trained.workspace,
      stores: trained.stores,
      alerts,
      modelName: 'credit-risk',
    }),
  });
  assert.equal(report.trained.length, 1, report.plan.join(' | '));
  assert.match(report.plan[0], /Retraining on the 400 labelled live requests/);
  assert.equal(trained.stores.versions.list('credit-risk').length, versionsBefore + 1);
  const [alert] = alerts.list({ status: ['open'] }).filter((a) => a.rule === 'performance_drop');
  assert.ok(alert, 'a performance_drop alert is open');
  assert.match(alert.title, /roc_auc|ROC AUC/);
  assert.ok(report.decisions.length >= 1, 'the retrained challenger was judged against the champion');
});
