import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import type { SupervisedService } from '../../main/serving/process-runtime.js';
import {
  killAndAwaitRestart,
  QUICK_RESTART,
  recoveryAfter,
  startSupervisedService,
} from '../helpers/champion-crash.js';
import { startLoad } from '../helpers/gateway-load.js';
import {
  firstBaselineRecord,
  type TrainedWorkspace,
  trainedWorkspace,
} from '../helpers/trained-workspace.js';

/**
 * Real model services in supervised child processes behind the gateway, under a sustained
 * concurrent load: the shadow is killed, then the champion. The shadow's death must cost the
 * champion's callers nothing; while the champion is down the gateway answers 503 with a clear
 * message (never hangs), and its supervisor brings it back. The load and the kill are shared
 * with the reliability benchmark, which records the recovery time over several kills.
 */
let trained: TrainedWorkspace;
let champion: SupervisedService;
let shadow: SupervisedService;
let gateway: Gateway;
let gatewayUrl: string;
let body: string;

before(async () => {
  trained = await trainedWorkspace({ samples: 600 });
  champion = await startSupervisedService(
    trained,
    1,
    'champion',
    trained.champion.packagePath,
    QUICK_RESTART,
  );
  shadow = await startSupervisedService(trained, 2, 'shadow', trained.challenger.packagePath, QUICK_RESTART);
  gateway = new Gateway({
    modelName: 'credit-risk',
    log: new PredictionLog(trained.workspace.db, trained.clock),
  });
  await gateway.setChampion(1, champion.url);
  gateway.addShadow(2, shadow.url);
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  body = JSON.stringify(firstBaselineRecord(trained));
});

after(async () => {
  await gateway?.close();
  await champion?.stop();
  await shadow?.stop();
  trained?.workspace.cleanup();
});

test('a killed shadow costs the champion nothing; a killed champion gives 503s, never hangs, and comes back', async () => {
  const load = startLoad(gatewayUrl, { workers: 8, bodies: [body] });
  await sleep(1_500);
  const shadowKilledAt = Date.now();
  process.kill(shadow.pid ?? 0, 'SIGKILL');
  await sleep(1_500);
  // Load continues until the champion has answered again for a second, or 20 s pass.
  const { killedAt: championKilledAt, killedPid } = await killAndAwaitRestart(champion);
  await sleep(1_000);
  const outcomes = await load.stop();

  const beforeChampionKill = outcomes.filter((o) => o.at >= shadowKilledAt && o.at + o.ms < championKilledAt);
  assert.ok(
    beforeChampionKill.length > 50,
    `only ${beforeChampionKill.length} requests while the shadow was dead`,
  );
  assert.deepEqual(
    beforeChampionKill.filter((o) => o.status !== 200),
    [],
    'the shadow’s death reached the champion’s callers',
  );

  const { afterKill, unavailable, recovered, seconds } = recoveryAfter(outcomes, championKilledAt);
  // 503 CHAMPION_UNAVAILABLE while nothing listens, 503 NOT_READY while the restarted service loads.
  for (const outcome of afterKill) {
    assert.ok(
      outcome.status === 200 ||
        (outcome.status === 503 && ['CHAMPION_UNAVAILABLE', 'NOT_READY'].includes(outcome.code ?? '')),
      JSON.stringify(outcome),
    );
    assert.ok(outcome.ms < 5_000, `a request hung for ${outcome.ms} ms`);
  }
  assert.ok(champion.pid !== killedPid && champion.restarts() >= 1, 'the supervisor restarted the champion');
  assert.ok(recovered && seconds !== undefined, 'the champion answered again after its restart');
  assert.ok(seconds < 20, `recovery took ${seconds} s`);
  process.stdout.write(
    `# shadow killed: ${beforeChampionKill.length} requests, 0 failed; champion killed: ${unavailable.length} × 503, recovered in ${seconds.toFixed(2)} s\n`,
  );
});
