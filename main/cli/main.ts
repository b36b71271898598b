import { Command, CommanderError, Option } from 'commander';
import { podiumVersion } from '../common/versions.js';
import { defaultWorkspaceDir, ENVIRONMENTS } from '../workspace/environment.js';
import { registerAlerts } from './commands/alerts.js';
import { registerApprovals } from './commands/approve.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerCompare } from './commands/compare.js';
import { registerConfig } from './commands/config.js';
import { registerCycle } from './commands/cycle.js';
import { registerData } from './commands/data.js';
import { registerDemo } from './commands/demo.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDoctor } from './commands/doctor.js';
import { registerDrift } from './commands/drift.js';
import { registerEstimate } from './commands/estimate.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerEvents } from './commands/events.js';
import { registerGenerateData } from './commands/generate-data.js';
import { registerLineage } from './commands/lineage.js';
import { registerModels } from './commands/models.js';
import { registerMonitor } from './commands/monitor.js';
import { registerPortable } from './commands/portable.js';
import { registerPredict } from './commands/predict.js';
import { registerPromotion } from './commands/promote.js';
import { registerRelease } from './commands/release.js';
import { registerReplay } from './commands/replay.js';
import { registerReproduce } from './commands/reproduce.js';
import { registerRestore } from './commands/restore.js';
import { registerRollout } from './commands/rollout.js';
import { registerRuns } from './commands/runs.js';
import { registerScheduler } from './commands/scheduler.js';
import { registerServe } from './commands/serve.js';
import { registerServices } from './commands/services.js';
import { registerShadow } from './commands/shadow.js';
import { registerStatus } from './commands/status.js';
import { registerTrain } from './commands/train.js';
import { registerUi } from './commands/ui.js';

export function buildProgram(): Command {
  const program = new Command('podium')
    .description('Champion/challenger lifecycle for tabular models, on one workstation')
    .version(podiumVersion())
    .option(
      '--workspace <dir>',
      'workspace folder (database, datasets, artifacts, logs)',
      defaultWorkspaceDir(),
    )
    .addOption(
      new Option('--env <name>', 'environment: dev, or prod (its own workspace, ports, token and approvals)')
        .choices(ENVIRONMENTS)
        .env('PODIUM_ENV')
        .default('dev'),
    )
    .showHelpAfterError('(run podium --help for usage)')
    .exitOverride();
  registerGenerateData(program);
  registerData(program);
  registerTrain(program);
  registerCompare(program);
  registerDemo(program);
  registerConfig(program);
  registerDoctor(program);
  registerBackup(program);
  registerRestore(program);
  registerPortable(program);
  registerDeploy(program);
  registerEvaluate(program);
  registerCycle(program);
  registerStatus(program);
  registerRuns(program);
  registerModels(program);
  registerServe(program);
  registerServices(program);
  registerShadow(program);
  registerPromotion(program);
  registerRollout(program);
  registerRelease(program);
  registerApprovals(program);
  registerAudit(program);
  registerReplay(program);
  registerDrift(program);
  registerEstimate(program);
  registerMonitor(program);
  registerPredict(program);
  registerLineage(program);
  registerReproduce(program);
  registerAlerts(program);
  registerEvents(program);
  registerScheduler(program);
  registerUi(program);
  const override = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  program.commands.forEach(override);
  return program;
}

/** `podium status | head`: a reader that stops early ends the output, not with a stack trace. */
function endQuietlyOnClosedPipe(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(Number(process.exitCode ?? 0));
  });
}

export async function main(argv: string[]): Promise<void> {
  endQuietlyOnClosedPipe();
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error.
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      process.exitCode = benign.includes(error.code) ? 0 : 2;
      return;
    }
    throw error;
  }
}
