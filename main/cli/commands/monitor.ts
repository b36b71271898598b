import { type Command, Option } from 'commander';
import type { MonitorReport } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatMetrics, formatTable, print, printDocument } from '../output.js';
import { modelOption, positiveInteger } from '../parse-options.js';

function printMonitor(report: MonitorReport): void {
  print(
    `Monitoring ${report.model}: ${report.from.slice(0, 16)} → ${report.to.slice(0, 16)} by ${report.window}`,
  );
  const rows = (report.performance?.versions ?? []).flatMap((version) =>
    version.points.slice(-5).map((point) => {
      const estimate = report.estimate?.versions
        .find((v) => v.version === version.version)
        ?.windows.find((w) => w.windowStart === point.windowStart)?.metrics[
        report.estimate?.method === 'dle' ? 'mae' : 'accuracy'
      ];
      return [
        `v${version.version}`,
        version.role ?? '-',
        point.windowStart.slice(0, 16),
        point.requests,
        point.labelled,
        formatMetrics(point.metrics, ['accuracy', 'roc_auc', 'f1_score', 'r2', 'rmse', 'mae']),
        estimate?.estimated === null || estimate?.estimated === undefined
          ? '-'
          : estimate.estimated.toFixed(4),
      ];
    }),
  );
  if (rows.length === 0) print('No live traffic yet. Serve the champion (podium serve) and send requests.');
  else
    print(
      formatTable(
        [
          'version',
          'role',
          'window',
          'requests',
          'labelled',
          'realised',
          report.estimate?.method === 'dle' ? 'estimated MAE (DLE)' : 'estimated accuracy (CBPE)',
        ],
        rows,
      ),
    );
  if (report.drop) print(`Performance: ${report.drop.reason}`);
  const services = report.services.filter((s) => s.latest);
  if (services.length > 0) {
    print(
      formatTable(
        ['service', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors 5xx', 'refused 4xx', 'cpu %', 'memory MB'],
        services.map(({ version, latest }) => [
          version === 'gateway' ? 'gateway' : `v${version}`,
          latest?.throughput?.toFixed(1),
          latest?.p50 === null || latest?.p50 === undefined ? null : (latest.p50 * 1000).toFixed(2),
          latest?.p95 === null || latest?.p95 === undefined ? null : (latest.p95 * 1000).toFixed(2),
          latest?.p99 === null || latest?.p99 === undefined ? null : (latest.p99 * 1000).toFixed(2),
          percent(latest?.errorRate),
          percent(latest?.clientErrorRate),
          latest?.cpuPercent?.toFixed(1),
          latest?.memoryBytes ? (latest.memoryBytes / 2 ** 20).toFixed(0) : null,
        ]),
      ),
    );
  }
  if (report.latestDrift)
    print(`Latest drift check #${report.latestDrift.id}: ${report.latestDrift.summary}`);
  print(
    report.openAlerts.length === 0
      ? 'No open alerts.'
      : `Open alerts: ${report.openAlerts.map((a) => `#${a.id} ${a.severity} ${a.title}`).join('; ')}`,
  );
}

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('Live performance (realised and estimated), drops, service metrics, drift and alerts')
    .addOption(modelOption())
    .addOption(new Option('--window <window>', 'hour or day').choices(['hour', 'day']).default('day'))
    .option('--days <n>', 'how far back', positiveInteger, 7)
    .option('--json', 'print as JSON')
    .action(async (options: { model?: string; window: 'hour' | 'day'; days: number }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const report = await client.send('monitoring.report', {
          model: options.model,
          window: options.window,
          days: options.days,
        });
        const { MonitorReportSchema, ServiceMetricsSampleSchema, AlertSchema, AlertDeliveryViewSchema } =
          await import('../../contract/schemas/index.js');
        // As documented: snake_case, but for the service samples and the alerts' own fields.
        if (json)
          printDocument(MonitorReportSchema, report, {
            contractNames: [ServiceMetricsSampleSchema, AlertSchema, AlertDeliveryViewSchema],
          });
        else printMonitor(report);
      });
    });
}

function percent(share: number | null | undefined): string | null {
  return share === null || share === undefined ? null : `${(share * 100).toFixed(1)}%`;
}
