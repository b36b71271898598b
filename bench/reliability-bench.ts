import { setTimeout as sleep } from 'node:timers/promises';
import { Gateway } from '../main/serving/gateway.js';
import { PredictionLog } from '../main/serving/prediction-log.js';
import {
  killAndAwaitRestart,
  recoveryAfter,
  startSupervisedService,
} from '../test/helpers/champion-crash.js';
import { describeCrashes, driveCrashes } from '../test/helpers/crash-driver.js';
import {
  BODY_STORMS,
  bodyStorm,
  malformedHttpStorm,
  startFuzzFixture,
} from '../test/helpers/fuzz-fixture.js';
import { runStorm, type StormTally } from '../test/helpers/fuzz-storm.js';
import { startLoad } from '../test/helpers/gateway-load.js';
import { promoteUnderLoad } from '../test/helpers/promotion-load.js';
import { startServingController } from '../test/helpers/serving-controller.js';
import { firstBaselineRecord, recordsFromCsv, trainedWorkspace } from '../test/helpers/trained-workspace.js';
import { median } from './stats.js';

/*
 * The figures the crash-safety, fuzz and under-load tests assert, counted instead: each part
 * runs the very driver, storms, load and kill those tests use (test/helpers), with a fixed seed.
 */
const KILLS = 50;
const CRASH_SEED = 20_260_101;
const FUZZ_SEED = 0x5eed_2026;
const FUZZ_COUNTS = { predict: 3_000, batch: 2_000, gatewayPredict: 3_000, feedback: 2_000 };
const CHAMPION_KILLS = 5;
const PROMOTIONS = 20;
const LOAD_WORKERS = 16;

const thousands = (n: number) => n.toLocaleString('en-US');
const seconds = (s: number) => `${s.toFixed(2)} s`;

async function measureCrashes() {
  const report = await driveCrashes({
    kills: KILLS,
    seed: CRASH_SEED,
    failFast: false,
    progress: (line) => process.stderr.write(`  ${line}\n`),
  });
  const lines = [
    '### Crash safety: SIGKILL during registry operations',
    '',
    `The real \`podium\` executable, SIGKILLed from outside at a random point (seeded, ${CRASH_SEED}) of train, release --to prod, evaluate, cycle, promote, rollback, shadow start and shadow completion, ${KILLS} times. A kill counts as survived when, right after it, \`doctor --repair\` finds no damage in dev (and in prod after a killed release) and leaves nothing, \`status\` answers with one champion, the registries hold exactly one champion (prod: at most one), every package matches its hash, no version is half-registered, no temporary file is left, and an operation killed after its commit runs again or refuses with a reason.`,
    '',
    ...describeCrashes(report).map((line) => `- ${line}`),
    ...(report.failures.length === 0 ? [] : ['', 'Failures:', ...report.failures.map((f) => `- ${f}`)]),
    '',
  ];
  return { survived: report.survived, tried: report.tried, lines };
}

async function measureFuzz() {
  const fixture = await startFuzzFixture();
  try {
    const tallies: StormTally[] = [];
    for (const storm of BODY_STORMS)
      tallies.push(await runStorm(FUZZ_SEED, bodyStorm(fixture, storm, FUZZ_COUNTS)));
    const raw = await malformedHttpStorm(fixture, FUZZ_SEED);
    const health = await fixture.gatewayPool.request({ path: '/health', method: 'GET' });
    await health.body.text();
    const serviceHealth = (await fixture.service.inject({ method: 'GET', url: '/health' })).statusCode;
    const tried = tallies.reduce((sum, t) => sum + t.tried, raw.tried);
    const serverErrors = tallies.reduce((sum, t) => sum + t.serverErrors, raw.serverErrors);
    const rows = tallies.map((t) => {
      const statuses = [...t.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      return `| ${t.route} | ${thousands(t.tried)} | ${t.serverErrors} | ${t.broken - t.serverErrors} | ${t.unusable} | ${statuses.join(', ')} |`;
    });
    const lines = [
      '### Bad input at volume',
      '',
      `Random and malformed bodies (wrong types, deep nesting, 1–5 MB strings, invalid UTF-8, truncated JSON, oversized batches; seed ${FUZZ_SEED}) to a real model service (in-process, inject) and through a real gateway on a loopback socket, then requests that break HTTP itself (bad chunking, conflicting lengths, NUL in headers, random bytes) byte for byte to both.`,
      '',
      '| target | inputs | 5xx | other contract breaks | 200 with unusable prediction | statuses |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      `| raw broken HTTP (gateway and service) | ${raw.tried} | ${raw.serverErrors} | ${raw.shape.length} | – | – |`,
      '',
      `- Afterwards the gateway's /health answered ${health.statusCode} and the service's ${serviceHealth}.`,
      '',
    ];
    return { tried, serverErrors, lines };
  } finally {
    await fixture.close();
  }
}

/** Each kill hits a freshly started champion: the product's restart policy, first crash. */
async function measureRecovery() {
  const trained = await trainedWorkspace({ samples: 600 });
  const gateway = new Gateway({
    modelName: 'credit-risk',
    log: new PredictionLog(trained.workspace.db, trained.clock),
  });
  const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const body = JSON.stringify(firstBaselineRecord(trained));
  const kills: {
    seconds: number | undefined;
    unavailable: number;
    hung: number;
    other: number;
    sent: number;
  }[] = [];
  try {
    for (let k = 0; k < CHAMPION_KILLS; k++) {
      const champion = await startSupervisedService(
        trained,
        1,
        'champion',
        trained.champion.packagePath,
        undefined,
      );
      try {
        await gateway.setChampion(1, champion.url);
        const load = startLoad(url, { workers: 8, bodies: [body] });
        await sleep(1_000);
        const { killedAt } = await killAndAwaitRestart(champion);
        await sleep(1_000);
        const outcomes = await load.stop();
        const { afterKill, unavailable, seconds: recovery } = recoveryAfter(outcomes, killedAt);
        kills.push({
          seconds: unavailable.length === 0 ? 0 : recovery,
          unavailable: unavailable.length,
          hung: afterKill.filter((o) => o.status === 0 || o.ms >= 5_000).length,
          other: afterKill.filter((o) => o.status !== 200 && o.status !== 503 && o.status !== 0).length,
          sent: afterKill.length,
        });
      } finally {
        await champion.stop();
      }
    }
  } finally {
    await gateway.close();
    trained.workspace.cleanup();
  }
  const recovered = kills.flatMap((k) => (k.seconds === undefined ? [] : [k.seconds]));
  const lines = [
    '### Champion crash under load (process runtime)',
    '',
    `A linear champion in a supervised child process (the product's restart policy: first restart after 250 ms) behind the gateway, 8 concurrent callers sending /predict back to back; the champion's process is SIGKILLed ${CHAMPION_KILLS} times, each time a fresh service. Recovery: from the kill to the first 200 after a 503. Docker's restart policy is not measured here.`,
    '',
    '| kill | requests after the kill | 503 (clear message) | hung (no answer in 5 s) | other errors | recovery |',
    '| --- | --- | --- | --- | --- | --- |',
    ...kills.map(
      (k, i) =>
        `| ${i + 1} | ${k.sent} | ${k.unavailable} | ${k.hung} | ${k.other} | ${k.seconds === undefined ? 'not within the window' : seconds(k.seconds)} |`,
    ),
    '',
  ];
  return {
    median: recovered.length === 0 ? undefined : median(recovered),
    max: recovered.length === 0 ? undefined : Math.max(...recovered),
    recovered: recovered.length,
    lines,
  };
}

async function measurePromotions() {
  const trained = await trainedWorkspace({ samples: 1000 });
  const { controller, url } = await startServingController(trained);
  try {
    const versions = Array.from({ length: PROMOTIONS }, (_, i) =>
      i % 2 === 0 ? trained.challenger.version : trained.champion.version,
    );
    const { outcomes, switchMs } = await promoteUnderLoad({
      manager: trained.manager,
      stores: trained.stores,
      controller,
      url,
      modelName: 'credit-risk',
      versions,
      bodies: recordsFromCsv(trained.driftFile, 200).map((record) => JSON.stringify(record)),
      workers: LOAD_WORKERS,
      settleMs: 300,
    });
    const failed = outcomes.filter((o) => o.status !== 200);
    const statuses = new Map<number, number>();
    for (const o of failed) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    const answeredBy = new Map<number, number>();
    for (const o of outcomes)
      if (o.version !== undefined) answeredBy.set(o.version, (answeredBy.get(o.version) ?? 0) + 1);
    const lines = [
      '### Promotions under load',
      '',
      `${PROMOTIONS} promotions alternating v${trained.challenger.version} and v${trained.champion.version} (the registry's promote, then the serving controller's reconcile: start the new champion's service, switch the gateway, drain and stop the old one), while ${LOAD_WORKERS} concurrent callers send /predict through the gateway back to back; 300 ms of load before, between and after the switches.`,
      '',
      `- Requests: ${thousands(outcomes.length)} sent, ${failed.length} failed${failed.length === 0 ? '' : ` (${[...statuses].map(([s, n]) => `${s === 0 ? 'no answer' : s}×${n}`).join(', ')})`}.`,
      `- Answered by: ${[...answeredBy].map(([v, n]) => `v${v} ${thousands(n)}`).join(', ')}.`,
      `- A switch (promote + reconcile) took ${(median(switchMs) / 1000).toFixed(2)} s median, ${(Math.max(...switchMs) / 1000).toFixed(2)} s at most.`,
      '',
    ];
    return { sent: outcomes.length, failed: failed.length, lines };
  } finally {
    await controller.stop();
    trained.workspace.cleanup();
  }
}

/**
 * Reliability figures: kills survived, malformed inputs against 5xx, recovery after a champion
 * crash, failed requests during promotions under load. Written to RELIABILITY.md.
 */
export async function benchReliability(): Promise<string> {
  process.stderr.write('  crash safety…\n');
  const crashes = await measureCrashes();
  process.stderr.write('  fuzz…\n');
  const fuzz = await measureFuzz();
  process.stderr.write('  champion crash…\n');
  const recovery = await measureRecovery();
  process.stderr.write('  promotions under load…\n');
  const promotions = await measurePromotions();
  const recoveryFigure =
    recovery.median === undefined || recovery.max === undefined
      ? `no recovery seen in ${CHAMPION_KILLS} kills`
      : `median ${seconds(recovery.median)}, max ${seconds(recovery.max)} (${recovery.recovered} of ${CHAMPION_KILLS} kills recovered)`;
  return [
    '## Reliability',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| kills survived / kills tried | ${crashes.survived} / ${crashes.tried} |`,
    `| malformed inputs tried / 5xx seen | ${thousands(fuzz.tried)} / ${fuzz.serverErrors} |`,
    `| recovery after a champion crash (process runtime, under load) | ${recoveryFigure} |`,
    `| requests failed / sent during ${PROMOTIONS} promotions under load | ${promotions.failed} / ${thousands(promotions.sent)} |`,
    '',
    ...crashes.lines,
    ...fuzz.lines,
    ...recovery.lines,
    ...promotions.lines,
  ].join('\n');
}
