import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DRILL_KILLS, describeDrill, runDisasterDrill } from '../helpers/disaster-drill.js';

/*
 * Backups SIGKILLed at seeded random points while `podium serve` takes replayed labelled traffic
 * and the scheduler cycles; then the last good backup restored into a new folder and compared
 * with the source, and served from there. The driver (test/helpers/disaster-drill.ts) asserts
 * each step as it goes; it is shared with the reliability benchmark, which records the figures
 * this test prints in RELIABILITY.md.
 */
const SEED = Number(process.env.DISASTER_DRILL_SEED ?? 20_261_207);

test('disaster drill: backups SIGKILLed under traffic and a running scheduler leave no archive taken for whole; the last good one restores into a new folder equal to the source, and serves', {
  timeout: 900_000,
}, async () => {
  process.stdout.write(
    `# disaster drill seed ${SEED} (DISASTER_DRILL_SEED=${SEED} repeats its kill points)\n`,
  );
  const report = await runDisasterDrill({
    seed: SEED,
    progress: (line) => process.stdout.write(`# ${line}\n`),
  });
  for (const line of describeDrill(report)) process.stdout.write(`# ${line}\n`);
  assert.deepEqual(report.mismatches, []);
  assert.equal(
    report.replayed.failed,
    0,
    'the gateway answered every request while backups ran and were killed',
  );
  assert.ok(report.replayed.ok > 0, 'traffic flowed during the drill');
  assert.ok(report.schedulerCycles > 0, 'the scheduler ran cycles during the drill');
  assert.equal(report.restoresVerified, 2);
  assert.equal(report.started, report.completed + report.killed);
  // A kill can come after a fast backup finished (it then counts as completed), but not often.
  assert.ok(
    report.killed >= DRILL_KILLS - 2,
    `${report.killed} of ${DRILL_KILLS} backups meant to be killed were`,
  );
});
