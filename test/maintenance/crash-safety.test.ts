import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCrashes, driveCrashes } from '../helpers/crash-driver.js';
import { SCHEDULE } from '../helpers/crash-operations.js';

/*
 * SIGKILL at random points of the operations that change the registry, each time followed by
 * `podium doctor`: exactly one champion, every package present and matching its hash, no
 * half-registered version, and after `doctor --repair` no leftovers and a clean second doctor.
 * A killed `release --to prod` is checked on both sides: doctor in dev and in prod, and in prod
 * no version without its release record and audit entry.
 * Every operation is the real `podium` executable in its own process, killed from outside.
 * The driver is shared with the reliability benchmark, which counts what this test asserts.
 */
// Two kills of each of the eight operations (round robin), at seeded random points. The
// reliability benchmark runs 50 for RELIABILITY.md; the suite keeps every operation covered within
// the CI time budget.
const KILLS = 16;
const SEED = Number(process.env.CRASH_SAFETY_SEED ?? 20_260_101);

test('SIGKILL at random points of train, release, evaluate, cycle, promote, rollback and shadow tests leaves dev and prod registries doctor accepts', {
  timeout: 600_000,
}, async () => {
  const report = await driveCrashes({ kills: KILLS, seed: SEED, failFast: true });
  for (const line of describeCrashes(report)) process.stdout.write(`# ${line}\n`);
  assert.deepEqual(report.failures, []);
  assert.equal(report.survived, KILLS);
  for (const operation of SCHEDULE)
    assert.ok((report.perOperation.get(operation) ?? 0) >= 2, `${operation} was killed at least 2 times`);
});
