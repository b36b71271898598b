import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Random } from '../../main/common/random.js';
import type { PodiumOutcome } from './podium-process.js';
import type { RegistryReader, VersionRow } from './registry-invariants.js';

export const MODEL = 'credit-risk';
/** 0.00001 days ≈ 0.9 s: a shadow test is due for completion by the time the next command runs. */
export const SHADOW_DAYS = 0.00001;

export type OperationName =
  | 'train'
  | 'evaluate'
  | 'cycle'
  | 'promote'
  | 'rollback'
  | 'shadow-start'
  | 'shadow-complete'
  | 'release';

export const SCHEDULE: OperationName[] = [
  'shadow-start',
  'shadow-complete',
  'train',
  'release',
  'evaluate',
  'promote',
  'cycle',
  'rollback',
];
/** Both hold the lifecycle lease, which a killed one leaves behind until it runs out. */
export const CYCLES = new Set<OperationName>(['cycle', 'shadow-complete']);

/** The workspace under crash test (dev, and the prod one releases go to), and a way to run `podium` in it. */
export type CrashWorkspace = {
  registry: RegistryReader;
  prod: RegistryReader;
  data: { baseline: string; drift: string };
  random: Random;
  podium(args: string[], killAfterMs?: number): Promise<PodiumOutcome>;
};

/** Runs a command that must succeed (a preparation step, never killed). */
export async function succeed(workspace: CrashWorkspace, args: string[]): Promise<PodiumOutcome> {
  const outcome = await workspace.podium(args);
  assert.equal(outcome.status, 0, `podium ${args.join(' ')} failed:\n${outcome.stderr}${outcome.stdout}`);
  return outcome;
}

/**
 * For each operation, the unkilled commands that bring the workspace to where it can run, and
 * then its own arguments (the command that will be killed).
 */
export function crashOperations(workspace: CrashWorkspace) {
  const { registry, prod, data, random } = workspace;
  const run = (args: string[]) => succeed(workspace, args);
  const pick = <T>(items: T[]): T => items[random.int(items.length)];
  const versions = () => registry.versions(MODEL);
  const challenger = () => versions().findLast((v) => v.stage === 'challenger') ?? null;
  const ensureChallenger = async (): Promise<VersionRow> => {
    if (!challenger()) await run(['train', '--data', data.drift, '--json']);
    return challenger()!;
  };
  const inOpenShadowTest = () =>
    new Set(
      registry.read((db) =>
        (
          db
            .prepare(
              "SELECT challenger_version_id AS id FROM shadow_tests WHERE status IN ('pending', 'running')",
            )
            .all() as { id: number }[]
        ).map((row) => row.id),
      ),
    );
  /** A challenger no shadow test decides yet: one `podium evaluate` accepts. */
  const ensureUndecided = async (): Promise<VersionRow> => {
    const undecided = () =>
      versions().findLast((v) => v.stage === 'challenger' && !inOpenShadowTest().has(v.id));
    if (!undecided()) await run(['train', '--data', data.drift, '--json']);
    return undecided()!;
  };
  /** Milliseconds until the lifecycle lease a killed cycle left runs out (0: free). */
  const leaseLeft = () => {
    const lease = registry.read(
      (db) =>
        db.prepare("SELECT expires_at FROM scheduler_locks WHERE name = 'lifecycle'").get() as
          | { expires_at: string }
          | undefined,
    );
    return lease ? Math.max(0, Date.parse(lease.expires_at) - Date.now()) : 0;
  };
  const waitForLease = async () => {
    const wait = leaseLeft();
    if (wait > 0) await sleep(wait + 50);
  };

  /** dev versions already in prod: a second release of the same package is refused. */
  const released = () =>
    new Set(
      prod.exists()
        ? prod.read((db) =>
            (
              db
                .prepare('SELECT source_version AS version FROM releases WHERE source_model = ?')
                .all(MODEL) as {
                version: number;
              }[]
            ).map((row) => row.version),
          )
        : [],
    );

  const prepare: Record<OperationName, () => Promise<string[]>> = {
    train: async () => ['train', '--data', pick([data.baseline, data.drift]), '--json'],
    evaluate: async () => ['evaluate', String((await ensureUndecided()).version), '--json'],
    cycle: async () => {
      await waitForLease();
      return ['cycle', '--data', data.drift, '--json'];
    },
    promote: async () => {
      if (versions().every((v) => v.stage === 'champion')) await ensureChallenger();
      return ['promote', String(pick(versions().filter((v) => v.stage !== 'champion')).version), '--json'];
    },
    rollback: async () => {
      const canRollBack = registry.read((db) =>
        db
          .prepare(
            `SELECT 1 FROM transitions t JOIN model_versions v ON v.id = t.version_id
             WHERE v.model_name = ? AND t.from_stage = 'champion' AND t.to_stage = 'archived'
               AND v.stage <> 'champion'`,
          )
          .get(MODEL),
      );
      if (!canRollBack) await run(await prepare.promote());
      return ['rollback', '--json'];
    },
    release: async () => {
      const unreleased = () => versions().findLast((v) => !released().has(v.version));
      if (!unreleased()) await run(['train', '--data', pick([data.baseline, data.drift]), '--json']);
      return ['release', String(unreleased()!.version), '--to', 'prod', '--json'];
    },
    'shadow-start': async () => ['shadow', 'start', String((await ensureChallenger()).version), '--json'],
    'shadow-complete': async () => {
      const running = () =>
        registry.read(
          (db) =>
            db.prepare("SELECT started_at FROM shadow_tests WHERE status = 'running'").get() as
              | { started_at: string }
              | undefined,
        );
      if (!running()) await run(await prepare['shadow-start']());
      const due = Date.parse(running()!.started_at) + SHADOW_DAYS * 86_400_000 - Date.now();
      if (due > 0) await sleep(due + 50);
      await waitForLease();
      // A cycle with no new data completes the shadow tests that have a verdict (inconclusive here).
      return ['cycle', '--json'];
    },
  };
  return { prepare, leaseLeft, waitForLease, inOpenShadowTest, ensureUndecided, versions };
}
