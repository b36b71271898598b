import type { Command } from 'commander';
import type { DoctorFinding } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { print, printJson } from '../output.js';
import { nonNegativeInteger } from '../parse-options.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check the registry against its files and the database: champions, package hashes, orphans, leftovers, stored paths, SQLite integrity',
    )
    .option(
      '--repair',
      'fix what is safe: remove leftovers, quarantine orphans, archive broken versions, re-root paths a moved workspace left',
    )
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
      await runWithClient(command, async ({ client, json }) => {
        const report = await client.send('maintenance.doctor', {
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

/** One finding on one line: its state, its check, where, what, and what --repair did or would do. */
export function formatFinding(finding: DoctorFinding, repair: boolean): string {
  const state =
    finding.severity === 'notice'
      ? 'notice'
      : finding.repaired
        ? 'repaired'
        : finding.repairError
          ? 'FAILED'
          : 'PROBLEM';
  let tail = '';
  if (finding.repaired) tail = ` [done: ${finding.action}]`;
  else if (finding.repairError) tail = ` [failed to ${finding.action}: ${finding.repairError}]`;
  else if (finding.action) tail = repair ? '' : ` [--repair would ${finding.action}]`;
  else if (finding.severity === 'problem') tail = ' [needs a person; not repaired automatically]';
  return `${state.padEnd(8)} ${finding.check.padEnd(8)} ${finding.where}: ${finding.what}${tail}`;
}
