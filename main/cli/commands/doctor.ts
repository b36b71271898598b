import type { Command } from 'commander';
import { formatFinding, runDoctor } from '../../maintenance/index.js';
import { runWithWorkspace } from '../context.js';
import { print, printJson } from '../output.js';
import { nonNegativeInteger } from '../parse-options.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check the registry against its files and the database: champions, package hashes, orphans, leftovers, SQLite integrity',
    )
    .option('--repair', 'fix what is safe: remove leftovers, quarantine orphans, archive broken versions')
    .option(
      '--stale-after <hours>',
      'a run marked running with no activity this long is abandoned (0: every running run, e.g. after a crash)',
      nonNegativeInteger,
      24,
    )
    .option(
      '--min-age <minutes>',
      'temporary files and orphan folders younger than this may be a write in progress and are only noted (0: none is)',
      nonNegativeInteger,
      15,
    )
    .option('--json', 'print as JSON')
    .action(async (options: { repair?: boolean; staleAfter: number; minAge: number }, command: Command) => {
      await runWithWorkspace(command, async ({ workspace, json }) => {
        const report = await runDoctor(workspace, {
          repair: Boolean(options.repair),
          staleRunAfterMs: options.staleAfter * 3_600_000,
          minAgeMs: options.minAge * 60_000,
        });
        if (json) printJson(report);
        else {
          for (const finding of report.findings) print(formatFinding(finding, report.repair));
          print(
            report.problems === 0
              ? `Workspace ${report.workspace} is healthy`
              : `${report.problems} problem(s), ${report.repaired} repaired, ${report.remaining} remaining${
                  report.remaining > 0 && !report.repair ? ' (run podium doctor --repair)' : ''
                }`,
          );
        }
        // Problems left after the run fail the check, for scripts and CI alike.
        if (report.remaining > 0) process.exitCode = 1;
      });
    });
}
