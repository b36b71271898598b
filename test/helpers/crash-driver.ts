import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../main/common/random.js';
import { writeSampleData } from '../../main/data/index.js';
import {
  type CrashWorkspace,
  CYCLES,
  crashOperations,
  MODEL,
  type OperationName,
  SCHEDULE,
  SHADOW_DAYS,
  succeed,
} from './crash-operations.js';
import { errorCode, type PodiumOutcome, podiumEnv, runPodium } from './podium-process.js';
import { assertRegistryInvariants, RegistryReader } from './registry-invariants.js';
import { tempDir } from './workspace.js';

/** After a SIGKILL nothing is in progress: every leftover and every running run is a finding. */
const DOCTOR = ['doctor', '--json', '--min-age', '0', '--stale-after', '0'];

type DoctorReport = {
  findings: { check: string; severity: string; what: string; where: string; repaired: boolean }[];
  problems: number;
  repaired: number;
  remaining: number;
};

export type CrashReport = {
  seed: number;
  tried: number;
  /** Kills after which doctor, the invariants and the workspace's next commands were all fine. */
  survived: number;
  beforeCommit: number;
  afterCommit: number;
  finished: number;
  /** Kills after which `doctor --repair` had something to repair. */
  repaired: number;
  perOperation: Map<OperationName, number>;
  /** Typical run time of each operation unkilled, in ms (where the kills aim). */
  durations: Map<OperationName, number>;
  startupMs: number;
  /** What went wrong, one line per failed kill or final check (empty when all was well). */
  failures: string[];
  seconds: number;
};

/**
 * SIGKILLs the real `podium` executable at random points of the operations that change the
 * registry, `kills` times, in a fresh workspace. After each kill: `doctor --repair` must find no
 * damage and leave nothing, `status` must answer, the invariants must hold, and an operation
 * killed after its commit must work again or refuse with a reason. With `failFast` the first
 * failure throws (a test); without, failures are counted and the next kill goes on (a benchmark).
 */
export async function driveCrashes(options: {
  kills: number;
  seed: number;
  failFast: boolean;
  progress?: (line: string) => void;
}): Promise<CrashReport> {
  const cwd = tempDir('podium-crash-');
  const root = join(cwd, 'ws');
  const env = podiumEnv({
    PODIUM_WORKSPACE: root,
    PODIUM_TRAINING_MODEL_TYPE: 'linear',
    // Trainings on the baseline and the drift file go to one model, as with a configured name.
    PODIUM_TRAINING_MODEL_NAME: MODEL,
    PODIUM_CHAMPION_CHALLENGER_SHADOW_MODE_DURATION: String(SHADOW_DAYS),
    // The shortest lease the config allows: a killed cycle blocks the next one this long.
    PODIUM_SCHEDULER_LOCK_LEASE_SECONDS: '10',
  });
  const registry = new RegistryReader(root);
  // Where `--env prod` finds prod's workspace when the dev one is DIR and prod.workspace is unset.
  const prod = new RegistryReader(`${root}-prod`);
  const started = performance.now();
  const report: CrashReport = {
    seed: options.seed,
    tried: 0,
    survived: 0,
    beforeCommit: 0,
    afterCommit: 0,
    finished: 0,
    repaired: 0,
    perOperation: new Map(),
    durations: new Map(),
    startupMs: Number.POSITIVE_INFINITY,
    failures: [],
    seconds: 0,
  };
  const failed = (where: string, error: unknown) => {
    if (options.failFast) throw error;
    report.failures.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
  };
  try {
    const dataDir = join(cwd, 'raw');
    const workspace: CrashWorkspace = {
      registry,
      prod,
      data: {
        baseline: await writeSampleData({ samples: 1000, drift: false, seed: 42, outputDir: dataDir }),
        drift: await writeSampleData({ samples: 1000, drift: true, seed: 42, outputDir: dataDir }),
      },
      random: createRandom(options.seed),
      podium: (args, killAfterMs) => runPodium(args, { cwd, env, killAfterMs }),
    };
    const { podium, random, data } = workspace;
    const operations = crashOperations(workspace);
    await succeed(workspace, [
      'train',
      '--data',
      data.baseline,
      '--model-type',
      'linear',
      '--auto-evaluate',
      '--json',
    ]);
    for (let i = 0; i < 2; i++)
      report.startupMs = Math.min(report.startupMs, (await succeed(workspace, ['--version'])).ms);

    let next = 0;
    const deferred: OperationName[] = [];
    /** The schedule's next operation; a cycle is put off while a lease a killed cycle left holds. */
    const nextOperation = (): OperationName => {
      const free = operations.leaseLeft() === 0;
      if (free && deferred.length > 0) return deferred.shift()!;
      for (;;) {
        const operation = SCHEDULE[next++ % SCHEDULE.length];
        if (free || !CYCLES.has(operation)) return operation;
        deferred.push(operation);
      }
    };
    /** `doctor --repair` in one environment: no damage, nothing left, then a clean second doctor. */
    const repairs = async (environment: 'dev' | 'prod', where: string): Promise<boolean> => {
      const select = environment === 'dev' ? [] : ['--env', environment];
      const repair = await podium([...select, ...DOCTOR, '--repair']);
      const doctor = JSON.parse(repair.stdout) as DoctorReport;
      const serious = doctor.findings.filter((f) => ['database', 'champion', 'package'].includes(f.check));
      assert.deepEqual(serious, [], `${where}: doctor found damage a crash must not cause in ${environment}`);
      assert.equal(
        doctor.remaining,
        0,
        `${where}: doctor --repair left problems in ${environment}: ${repair.stdout}`,
      );
      assert.equal(repair.status, 0, `${where}: doctor --repair exited ${repair.status}: ${repair.stderr}`);
      if (doctor.findings.length === 0) return false;
      const again = await podium([...select, ...DOCTOR]);
      assert.equal(again.status, 0, `${where}: second doctor failed in ${environment}:\n${again.stderr}`);
      assert.deepEqual(
        (JSON.parse(again.stdout) as DoctorReport).findings,
        [],
        `${where}: second doctor (${environment})`,
      );
      return true;
    };
    const assertInvariants = async (where: string) => {
      await assertRegistryInvariants(registry, MODEL, where);
      if (prod.exists()) await assertRegistryInvariants(prod, MODEL, `${where} (prod)`, 'prod');
    };
    /** `before`: the registries' fingerprint before the kill, to tell whether the operation committed. */
    const fingerprint = () => `${registry.fingerprint()} ${prod.fingerprint()}`;
    const checkAfterKill = async (
      where: string,
      operation: OperationName,
      args: string[],
      killed: PodiumOutcome,
      before: string,
    ) => {
      const [devRepaired, prodRepaired, status] = await Promise.all([
        repairs('dev', where),
        // Only a release writes to prod; its invariants are read after every kill all the same.
        operation === 'release' && prod.exists() ? repairs('prod', where) : false,
        // The workspace answers right after the crash, repaired or not.
        podium(['status', '--json']),
      ]);
      assert.equal(status.status, 0, `${where}: podium status failed:\n${status.stderr}`);
      assert.ok(JSON.parse(status.stdout).champion, `${where}: status shows no champion`);
      if (devRepaired || prodRepaired) report.repaired++;
      await assertInvariants(where);
      if (killed.signal === 'SIGKILL' && fingerprint() === before) report.beforeCommit++;
      else if (killed.signal === 'SIGKILL') {
        report.afterCommit++;
        // The user cannot tell whether it happened and runs it again: it works or says why not.
        const retry = await podium(args);
        if (retry.status !== 0)
          assert.notEqual(errorCode(retry), 'INTERNAL', `${where}, run again: ${retry.stderr}`);
        await assertInvariants(`${where}, run again`);
      } else {
        report.finished++;
        assert.equal(killed.status, 0, `${where}: finished with an error:\n${killed.stderr}`);
      }
    };

    while (report.tried < options.kills) {
      const operation = nextOperation();
      const args = await operations.prepare[operation]();
      const measured = report.durations.get(operation);
      if (measured === undefined) {
        // Once unkilled, to learn how long the operation takes, so the kills land inside it.
        report.durations.set(operation, (await succeed(workspace, args)).ms);
        continue;
      }
      // Most kills after module loading, where the work is; some during start-up too.
      const workStarts = 0.85 * report.startupMs;
      const delay =
        random.next() < 0.1 || measured <= workStarts
          ? random.next() * Math.min(workStarts, measured)
          : workStarts + random.next() * (measured - workStarts);
      const before = fingerprint();
      const outcome = await podium(args, delay);
      const where = `kill #${report.tried + 1}: ${operation} (${args.join(' ')}) at ${delay.toFixed(0)} ms`;
      report.tried++;
      report.perOperation.set(operation, (report.perOperation.get(operation) ?? 0) + 1);
      // It was faster this time: later kills aim inside the shorter run.
      if (outcome.signal !== 'SIGKILL') report.durations.set(operation, Math.min(measured, outcome.ms));
      try {
        await checkAfterKill(where, operation, args, outcome, before);
        report.survived++;
      } catch (error) {
        failed(where, error);
      }
      options.progress?.(`${where}: ${report.survived}/${report.tried} survived`);
    }

    try {
      // Evaluating a version its open shadow test decides is refused with a reason (it used to be an
      // internal error from the one-open-test index: a retry after a crash came to exactly that).
      const shadowed =
        operations.versions().find((v) => operations.inOpenShadowTest().has(v.id)) ??
        (await operations.ensureUndecided());
      if (!operations.inOpenShadowTest().has(shadowed.id))
        await succeed(workspace, ['shadow', 'start', String(shadowed.version)]);
      const refused = await podium(['evaluate', String(shadowed.version), '--json']);
      assert.equal(refused.status, 1);
      assert.equal(errorCode(refused), 'CONFLICT', refused.stderr);

      // After all of it the workspace still trains, evaluates and decides (once a lease left by a
      // killed cycle has run out: a crash blocks cycles for scheduler.lock_lease_seconds).
      await operations.waitForLease();
      await succeed(workspace, ['cycle', '--data', data.baseline, '--json']);
      await assertInvariants('after the last cycle');
      if (prod.exists()) await repairs('prod', 'after the kills');
    } catch (error) {
      failed('after the kills', error);
    }
    report.seconds = (performance.now() - started) / 1000;
    return report;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The report's lines, as the test prints them and the benchmark records them. */
export function describeCrashes(report: CrashReport): string[] {
  return [
    `kills: ${report.tried} tried, ${report.survived} survived`,
    `${report.beforeCommit} landed before the operation committed, ${report.afterCommit} after a commit but before exit, ${report.finished} after the process had finished; doctor --repair had work after ${report.repaired}`,
    `per operation: ${[...report.perOperation].map(([name, n]) => `${name} ${n}`).join(', ')}; typical ms: ${[
      ...report.durations,
    ]
      .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
      .join(
        ', ',
      )}; start-up ${report.startupMs.toFixed(0)} ms; seed ${report.seed}; ${report.seconds.toFixed(1)} s`,
  ];
}
