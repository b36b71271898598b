import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../main/common/random.js';
import { writeSampleData } from '../../main/data/index.js';
import { findFreePort } from '../../main/serving/free-port.js';
import { snapshotTree } from '../maintenance/tar-fixtures.js';
import { isAlive } from './cli.js';
import { errorCode, type PodiumOutcome, podiumEnv, runPodium } from './podium-process.js';
import { type RunningPodium, startPodium } from './running-podium.js';
import { recordsFromCsv } from './trained-workspace.js';
import { type BackupKill, watchedBackup } from './watched-backup.js';
import { tempDir } from './workspace.js';
import {
  type RegistryRecord,
  readWorkspaceRecord,
  restoreMismatches,
  type WorkspaceRecord,
} from './workspace-record.js';

type Step = 'complete' | 'kill' | 'promote' | 'last-good';
/** Completed backups between the kills; the champion changes in the middle; two kills after the last good one. */
const PLAN: Step[] = [
  'complete',
  'kill',
  'kill',
  'promote',
  'complete',
  'kill',
  'kill',
  'last-good',
  'kill',
  'kill',
];
export const DRILL_KILLS = PLAN.filter((step) => step === 'kill').length;

export type DrillReport = {
  seed: number;
  started: number;
  completed: number;
  killed: number;
  /** Killed before the archive was begun: nothing at all in the backup folder. */
  leftNothing: number;
  /** Killed while the archive was written: a temporary file, refused by restore. */
  partialsRefused: number;
  /** Killed between the archive's last byte and its rename: a whole archive restore accepts. */
  wholeLeftovers: number;
  /** Killed after the rename: the archive is whole and restores. */
  killedAfterRename: number;
  /** Restores into a new folder compared table by table and file by file with the source. */
  restoresVerified: number;
  mismatches: string[];
  replayed: { ok: number; failed: number; labelled: number };
  schedulerCycles: number;
  /** Leftovers of killed backups `doctor --repair` removed from the source workspace. */
  sourceLeftoversRepaired: number;
  /** The shortest wait seen before a completed backup began its archive, and the shortest archive. */
  archiveBeganMs: number;
  archiveMs: number;
  seconds: number;
};

type CompletedBackup = { file: string; before: WorkspaceRecord; during: RegistryRecord };

/**
 * The disaster drill. A workspace serves a champion and a shadow behind the gateway while
 * labelled traffic is replayed through it and the scheduler runs a cycle every 2 s. Backups are
 * taken all the while; most are SIGKILLed at a seeded random point, some complete, and between
 * them the champion changes. A killed backup must never leave what looks like a whole archive:
 * nothing at the name asked for, and what it left beside it is refused by `podium restore` with
 * ARCHIVE_INVALID, the workspace restored into left byte for byte as it was. Then serving stops,
 * the last good backup is restored into a new folder, and its registry, decisions, transitions,
 * shadow tests, audit log, package and dataset hashes must equal the source's at backup time;
 * there `podium doctor` is clean, `podium predict` scores a file and `podium serve` answers
 * /predict. Every step is the real `podium` executable in its own process. Fails fast (an
 * assertion) on the first thing wrong but mismatches, which are counted and returned; every
 * process it started is stopped, and its folder removed, whatever happens.
 */
export async function runDisasterDrill(options: {
  seed: number;
  progress?: (line: string) => void;
}): Promise<DrillReport> {
  const random = createRandom(options.seed);
  const cwd = tempDir('podium-drill-');
  const begun = performance.now();
  const progress = (line: string) =>
    options.progress?.(`${((performance.now() - begun) / 1000).toFixed(1)} s: ${line}`);
  const source = join(cwd, 'ws');
  const backups = join(cwd, 'backups');
  const gatewayPort = await findFreePort('127.0.0.1', 24_000 + Math.floor(Math.random() * 5000));
  const servicePortStart = await findFreePort('127.0.0.1', 38_000 + Math.floor(Math.random() * 12_000));
  const envFor = (workspace: string) =>
    podiumEnv({
      PODIUM_WORKSPACE: workspace,
      PODIUM_TRAINING_MODEL_TYPE: 'linear',
      PODIUM_SERVING_PORT: String(gatewayPort),
      PODIUM_SERVING_SERVICE_PORT_START: String(servicePortStart),
      PODIUM_MONITORING_METRICS_PORT: '0',
      // No verdict while traffic flows: the registry changes only where the drill changes it.
      PODIUM_CHAMPION_CHALLENGER_SHADOW_MIN_SAMPLES: '1000000',
      // The scheduled check: a lifecycle cycle every 2 s. With no new data it checks live
      // performance; it must not retrain on the replayed traffic (drifted data drops the
      // champion's performance), because a retraining changes the registry at a moment the
      // drill cannot pin, and the restore is compared with the registry as it stood during the
      // backup. So it never has enough labels; traffic and job runs still grow throughout.
      PODIUM_SCHEDULER_CYCLE_CRON: '*/2 * * * * *',
      PODIUM_MONITORING_MIN_LABELLED: '1000000',
    });
  const env = envFor(source);
  const podium = async (args: string[], options: { workspace?: string; killAfterMs?: number } = {}) => {
    const outcome = await runPodium(args, {
      cwd,
      env: options.workspace ? envFor(options.workspace) : env,
      killAfterMs: options.killAfterMs,
    });
    if (args[0] !== 'replay')
      progress(
        `podium ${args[0]} ${outcome.signal ?? `exited ${outcome.status}`} after ${outcome.ms.toFixed(0)} ms`,
      );
    return outcome;
  };
  const succeed = async (args: string[], workspace?: string): Promise<PodiumOutcome> => {
    const outcome = await podium(args, { workspace });
    assert.equal(
      outcome.status,
      0,
      `podium ${args.join(' ')} exited ${outcome.status ?? outcome.signal}:\n${outcome.stderr}`,
    );
    return outcome;
  };

  const running: RunningPodium[] = [];
  let trafficStopped = false;
  let traffic: Promise<void> = Promise.resolve();
  try {
    const drill: DrillReport = {
      seed: options.seed,
      seconds: 0,
      archiveBeganMs: 0,
      archiveMs: 0,
      started: 0,
      completed: 0,
      killed: 0,
      leftNothing: 0,
      partialsRefused: 0,
      wholeLeftovers: 0,
      killedAfterRename: 0,
      restoresVerified: 0,
      mismatches: [],
      replayed: { ok: 0, failed: 0, labelled: 0 },
      schedulerCycles: 0,
      sourceLeftoversRepaired: 0,
    };

    // A champion (v1) and a challenger in a shadow test (v2), both small linear models; and a large
    // dataset snapshot, so that writing the archive takes long enough for kills to land inside it.
    const raw = join(cwd, 'raw');
    const baseline = await writeSampleData({ samples: 3000, drift: false, seed: 42, outputDir: raw });
    const drifted = await writeSampleData({ samples: 3000, drift: true, seed: 42, outputDir: raw });
    const large = await writeSampleData({
      samples: 100_000,
      drift: false,
      seed: 7,
      outputDir: join(raw, 'large'),
    });
    await succeed(['train', '--data', baseline, '--model', 'credit-risk', '--auto-evaluate', '--json']);
    const [cycle] = await Promise.all([
      succeed(['cycle', '--data', drifted, '--json']),
      succeed(['data', 'add', large, '--json']),
    ]);
    assert.equal(JSON.parse(cycle.stdout).decisions[0].outcome, 'start_shadow');

    const serve = startPodium(['serve', '--port', String(gatewayPort)], { cwd, env });
    running.push(serve);
    const scheduler = startPodium(['scheduler', '--json'], { cwd, env });
    running.push(scheduler);
    await serve.waitFor(/v2 shadow at/);

    traffic = (async () => {
      while (!trafficStopped) {
        const replay = await podium([
          'replay',
          '--data',
          drifted,
          '--rate',
          '100',
          '--limit',
          '150',
          '--json',
        ]);
        assert.equal(replay.status, 0, `replay: ${replay.stderr}`);
        const report = JSON.parse(replay.stdout) as DrillReport['replayed'];
        drill.replayed.ok += report.ok;
        drill.replayed.failed += report.failed;
        drill.replayed.labelled += report.labelled;
      }
    })();
    // A failed replay ends the traffic; its error is thrown where the drill waits for it.
    traffic.catch(() => {
      trafficStopped = true;
    });
    // Traffic has reached the prediction log before the first backup.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    while (drill.replayed.ok === 0 && !trafficStopped)
      await new Promise((resolve) => setTimeout(resolve, 250));

    mkdirSync(backups, { recursive: true });
    const backup = (file: string, kill?: BackupKill) => watchedBackup(file, { cwd, env, kill });
    /** How long completed backups took to start writing their archive, and then to finish it. */
    let startupMs = Number.POSITIVE_INFINITY;
    let archiveMs = Number.POSITIVE_INFINITY;
    /** A backup not killed, with the registry read just before and just after it. */
    const completeBackup = async (name: string): Promise<CompletedBackup> => {
      const file = join(backups, name);
      const before = await readWorkspaceRecord(source);
      drill.started++;
      const run = await backup(file);
      progress(`backup ${name} exited ${run.code} after ${run.ms.toFixed(0)} ms`);
      assert.equal(run.code, 0, `backup ${name}: ${run.output}`);
      assert.deepEqual(run.leftovers, [], `a completed backup left ${run.leftovers.join(', ')}`);
      assert.ok(run.archiveBeganMs !== null, 'the archive was seen being written');
      const after = await readWorkspaceRecord(source);
      drill.completed++;
      startupMs = Math.min(startupMs, run.archiveBeganMs);
      archiveMs = Math.min(archiveMs, run.ms - run.archiveBeganMs);
      // Nothing in the drill changes the registry while a backup is written, so the registry the
      // backup must hold is this one. Traffic and scheduled jobs go on: they are compared as
      // "at least what was there before, nothing the source never had".
      assert.deepEqual(
        after.registry,
        before.registry,
        'the registry changed while a completed backup was written',
      );
      return { file, before, during: before.registry };
    };

    /** `podium restore` of what a killed backup left: refused by name, the target left as it was. */
    let target: string | null = null;
    const assertRefused = async (file: string, where: string) => {
      assert.ok(target, 'a scratch workspace to restore into');
      const before = snapshotTree(target);
      const refused = await podium(['restore', file, '--json'], { workspace: target });
      const said = refused.stdout + refused.stderr;
      assert.doesNotMatch(said, /Internal error|\n\s+at /, `${where}: ${said}`);
      if (refused.status === 0) {
        // Killed between the archive's last byte and its rename: whole, and verified as such.
        drill.wholeLeftovers++;
        return;
      }
      assert.equal(refused.status, 1, `${where}: ${said}`);
      assert.equal(errorCode(refused), 'ARCHIVE_INVALID', `${where}: ${said}`);
      assert.deepEqual(snapshotTree(target), before, `${where}: the refused restore changed ${target}`);
      drill.partialsRefused++;
    };

    const completed: CompletedBackup[] = [];
    let lastGood: CompletedBackup | null = null;
    let askedForMissing = false;
    for (const [index, step] of PLAN.entries()) {
      const name = `backup-${index + 1}.tgz`;
      if (step === 'promote') {
        // The champion changes under traffic between backups: the last good backup holds v2 as
        // champion and the promotion's decision and audit entry; earlier ones do not.
        await succeed(['promote', '2', '--reason', 'disaster drill: promoted while traffic flows', '--json']);
        continue;
      }
      if (step === 'complete' || step === 'last-good') {
        const backup = await completeBackup(name);
        completed.push(backup);
        if (step === 'last-good') lastGood = backup;
        if (target === null) {
          // The first good backup restored into a scratch folder: checked against the source, then
          // the workspace the partial archives are refused into.
          target = join(cwd, 'scratch-restore');
          await succeed(['restore', backup.file, '--json'], target);
          const mismatches = restoreMismatches(await readWorkspaceRecord(target), {
            before: backup.before,
            during: backup.during,
            after: await readWorkspaceRecord(source),
          });
          drill.mismatches.push(...mismatches.map((m) => `first backup: ${m}`));
          drill.restoresVerified++;
        }
        continue;
      }

      // Most kills while the archive is written (aimed from the moment it appears, however slowly
      // a busy machine started the process); some before it, in start-up or the database copy.
      const kill: BackupKill =
        random.next() < 0.2
          ? { after: 'start', ms: random.next() * startupMs }
          : // Within the shortest archive seen, so few of these kills come too late.
            { after: 'archive', ms: random.next() * 0.8 * archiveMs };
      const file = join(backups, name);
      drill.started++;
      const run = await backup(file, kill);
      const where = `backup #${index + 1} killed ${kill.ms.toFixed(0)} ms after its ${kill.after}`;
      progress(`${where}: ${run.signal ?? `exited ${run.code}`} after ${run.ms.toFixed(0)} ms`);
      const left = run.leftovers;
      if (run.signal !== 'SIGKILL') {
        // It finished before the kill: a completed backup like the others.
        assert.equal(run.code, 0, `${where}: ${run.output}`);
        assert.deepEqual(left, [], `${where}: a completed backup left ${left.join(', ')}`);
        drill.completed++;
        continue;
      }
      drill.killed++;
      if (existsSync(file)) {
        // Killed after the rename: the archive is whole and must restore.
        drill.killedAfterRename++;
        await succeed(['restore', file, '--json'], join(cwd, `after-rename-${index + 1}`));
      } else if (!askedForMissing) {
        // Nothing at the name asked for: the user's restore of it says so, not an internal error.
        askedForMissing = true;
        const missing = await podium(['restore', file, '--json'], { workspace: target ?? undefined });
        assert.equal(missing.status, 1, `${where}: ${missing.stdout}${missing.stderr}`);
        assert.equal(errorCode(missing), 'NOT_FOUND', `${where}: ${missing.stdout}${missing.stderr}`);
      }
      if (left.length === 0 && !existsSync(file)) drill.leftNothing++;
      for (const partial of left) await assertRefused(join(backups, partial), `${where}, ${partial}`);
    }
    assert.ok(lastGood, 'the plan has a last good backup');

    // Traffic and the scheduled check stop, then serve: the source is what it will stay.
    trafficStopped = true;
    await traffic;
    assert.equal(await scheduler.stop(), 0, scheduler.output());
    assert.equal(await serve.stop(), 0, serve.output());
    const sourceAfter = await readWorkspaceRecord(source);

    // The last good backup into a folder that does not exist yet.
    const restored = join(cwd, 'restored');
    assert.ok(!existsSync(restored));
    const [restore, repair] = await Promise.all([
      succeed(['restore', lastGood.file, '--json'], restored),
      // Meanwhile the source: a killed backup may leave its temporary database copy in the
      // workspace, and nothing doctor cannot clear (--min-age 0: no backup runs any more).
      podium(['doctor', '--repair', '--min-age', '0', '--json']),
    ]);
    const repaired = JSON.parse(repair.stdout) as {
      findings: { check: string; what: string }[];
      remaining: number;
    };
    assert.equal(repair.status, 0, `doctor --repair in the source: ${repair.stdout}${repair.stderr}`);
    assert.deepEqual(
      repaired.findings.filter((finding) => finding.check !== 'temp'),
      [],
      'killed backups left only leftovers in the source',
    );
    assert.equal(repaired.remaining, 0, repair.stdout);
    drill.sourceLeftoversRepaired = repaired.findings.length;
    assert.equal(JSON.parse(restore.stdout).warning, null, restore.stdout);
    const restoredRecord = await readWorkspaceRecord(restored);
    drill.mismatches.push(
      ...restoreMismatches(restoredRecord, {
        before: lastGood.before,
        during: lastGood.during,
        after: sourceAfter,
      }).map((m) => `last good backup: ${m}`),
    );
    drill.restoresVerified++;
    // The last good backup is the one after the promotion, not an earlier one.
    assert.equal(restoredRecord.registry.aliases['credit-risk:champion'], 2);
    assert.ok(restoredRecord.registry.audit.length >= 2, 'the first champion and the promotion are audited');
    assert.ok(restoredRecord.traffic.predictions.size > 0, 'the backup holds live traffic');

    const doctor = await podium(['doctor', '--json'], { workspace: restored });
    assert.equal(doctor.status, 0, `doctor in the restored folder: ${doctor.stdout}${doctor.stderr}`);
    assert.deepEqual(JSON.parse(doctor.stdout).findings, []);

    const scored = join(cwd, 'scored.csv');
    await succeed(['predict', '--input', drifted, '--output', scored, '--json'], restored);
    assert.equal(readFileSync(scored, 'utf8').trim().split('\n').length, 3001);

    const restoredServe = startPodium(['serve', '--port', String(gatewayPort)], {
      cwd,
      env: envFor(restored),
    });
    running.push(restoredServe);
    await restoredServe.waitFor(/v2 champion at/);
    const response = await fetch(`http://127.0.0.1:${gatewayPort}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(recordsFromCsv(drifted, 1)[0]),
    });
    const answer = await response.text();
    assert.equal(response.status, 200, answer);
    assert.match(answer, /"prediction"/);
    const servicePids = [...restoredServe.output().matchAll(/\(process (\d+)\)/g)].map((m) => Number(m[1]));
    assert.ok(servicePids.length > 0, restoredServe.output());
    assert.equal(await restoredServe.stop(), 0, restoredServe.output());
    for (const pid of servicePids) assert.ok(!isAlive(pid), `service pid ${pid} ended with serve`);

    drill.schedulerCycles = [...sourceAfter.traffic.jobRuns.values()].filter((row) =>
      row.includes('"job":"cycle"'),
    ).length;
    drill.archiveBeganMs = startupMs;
    drill.archiveMs = archiveMs;
    drill.seconds = (performance.now() - begun) / 1000;
    return drill;
  } finally {
    trafficStopped = true;
    await traffic.catch(() => {});
    // serve stops its gateway and services itself on SIGINT (they outlive a serve killed outright).
    await Promise.all(running.map((command) => command.stop()));
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The report's lines, as the test prints them and the benchmark records them. */
export function describeDrill(report: DrillReport): string[] {
  return [
    `backups started ${report.started}, completed ${report.completed}, SIGKILLed ${report.killed}: ${report.leftNothing} left nothing, ${report.partialsRefused} left a partial archive that restore refused, ${report.wholeLeftovers} left a whole archive under its temporary name, ${report.killedAfterRename} came after the rename`,
    `restores verified ${report.restoresVerified}; mismatches ${report.mismatches.length}`,
    `traffic meanwhile: ${report.replayed.ok} requests answered, ${report.replayed.failed} failed, ${report.replayed.labelled} labelled; scheduler cycles ${report.schedulerCycles}; leftovers doctor --repair removed from the source ${report.sourceLeftoversRepaired}`,
    `archive began after ${report.archiveBeganMs.toFixed(0)} ms and took ${report.archiveMs.toFixed(0)} ms (shortest seen); seed ${report.seed}; ${report.seconds.toFixed(1)} s`,
  ];
}
