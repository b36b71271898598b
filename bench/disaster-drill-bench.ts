import { describeDrill, runDisasterDrill } from '../test/helpers/disaster-drill.js';

/** The seed the test uses by default, so the benchmark's figures are the test's run. */
const SEED = 20_261_207;

/**
 * The disaster drill's figures (backups killed, partial archives refused, restores verified,
 * mismatches), from the driver the test asserts with. Written to RELIABILITY.md.
 */
export async function benchDisasterDrill(): Promise<string> {
  const report = await runDisasterDrill({
    seed: SEED,
    progress: (line) => process.stderr.write(`  ${line}\n`),
  });
  return [
    '## Disaster drill',
    '',
    'Backups of a serving workspace while it works: `podium serve` runs a champion and a shadow behind the gateway, `podium replay` sends labelled traffic through it without pause, and `podium scheduler` runs a lifecycle cycle every 2 s. Most backups are SIGKILLed from outside at a seeded random point (some before the archive begins, most while it is written); completed ones come between, and the champion is promoted by hand half-way. A killed backup must leave nothing at the name asked for, and what it left beside it (a temporary archive) must be refused by `podium restore` with ARCHIVE_INVALID, the workspace restored into left byte for byte as it was. Serving then stops and the last good backup is restored into a new folder: model versions (ids, stages, aliases, package hashes), decisions, transitions, shadow tests, audit log and dataset snapshots (each file hashed) must equal the source as it stood during that backup, and its prediction log, feedback and job runs must hold every row the source had when the backup began and none it never had. There `podium doctor` is clean, `podium predict` scores a file and `podium serve` answers /predict. Every step is the real `podium` executable in its own process; run it with `npm run build && node --test dist/test/maintenance/disaster-drill.test.js` (`DISASTER_DRILL_SEED=N` for other kill points).',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| backups started / SIGKILLed | ${report.started} / ${report.killed} |`,
    `| killed backups that left an archive at the name asked for, or one restore took for whole | ${report.killedAfterRename + report.wholeLeftovers} (each verified whole) |`,
    `| partial archives left beside it / refused by restore, target untouched | ${report.partialsRefused + report.wholeLeftovers} / ${report.partialsRefused} |`,
    `| restores verified against the source | ${report.restoresVerified} |`,
    `| mismatches | ${report.mismatches.length} |`,
    `| requests failed / answered during the drill | ${report.replayed.failed} / ${report.replayed.ok} |`,
    '',
    ...describeDrill(report).map((line) => `- ${line}`),
    ...report.mismatches.map((line) => `- mismatch: ${line}`),
  ].join('\n');
}
