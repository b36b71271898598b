import type { OperationName } from '../../main/app/index.js';
import type { InputField } from '../helpers/fuzz-bodies.js';
import type { FuzzTarget } from '../helpers/fuzz-endpoint-bodies.js';

const NO_DATASET = '0'.repeat(64);

/**
 * A plausible input per operation, for the fuzz generators to mutate. Ids name nothing that
 * exists, so an unmutated input is answered (NOT_FOUND, a refused config…) without starting real
 * work; operations without input get a field to mutate all the same.
 */
const SAMPLES: Partial<Record<OperationName, Record<string, unknown>>> = {
  'jobs.cancel': { jobId: 99_999 },
  'data.ingest': { fileName: 'fuzz.csv', csvText: 'a,b,target\n1,2,0\n3,4,1\n' },
  'data.dialect': { fileName: 'fuzz.csv', csvText: 'a;b;when\n1,5;2;03.04.2024\n' },
  'data.profile': { datasetId: NO_DATASET },
  'train.template': { datasetId: NO_DATASET, target: 'target', modelType: 'linear' },
  'train.start': { datasetId: NO_DATASET, target: 'target', modelType: 'gbm', seed: 1 },
  'runs.list': { experiment: 'fuzz', limit: 10 },
  'runs.get': { runId: 'no-such-run' },
  'runs.compare': { runIds: ['no-such-run', 'another'] },
  'models.compare': { datasetId: NO_DATASET, target: 'target', split: 'time', dateColumn: 'Date' },
  'registry.versions': { model: 'fuzz-model' },
  'registry.version': { model: 'fuzz-model', version: 1 },
  'registry.transitions': { model: 'fuzz-model' },
  'registry.championTimeline': { model: 'fuzz-model' },
  'registry.rollback': { model: 'fuzz-model', reason: 'fuzz' },
  'decisions.list': { model: 'fuzz-model', limit: 5 },
  'decisions.evaluate': { model: 'fuzz-model', version: 2 },
  'decisions.promote': { model: 'fuzz-model', version: 2, reason: 'fuzz' },
  'decisions.reject': { decisionId: 99_999, reason: 'fuzz' },
  'shadow.list': { model: 'fuzz-model' },
  'shadow.start': { model: 'fuzz-model', version: 2 },
  'shadow.status': { testId: 99_999 },
  'shadow.stop': { testId: 99_999, reason: 'fuzz' },
  'shadow.complete': { testId: 99_999 },
  'services.start': { model: 'fuzz-model', runtime: 'process', gatewayPort: 1 },
  'services.stop': { model: 'fuzz-model' },
  'services.restart': { serviceId: 'fuzz-model:1' },
  'services.logs': { serviceId: 'fuzz-model:1', lines: 50 },
  'services.metrics': { serviceId: 'fuzz-model:1', resolution: 'minute', sinceMinutes: 60 },
  'replay.start': { datasetId: NO_DATASET, rate: 10, labelColumn: 'target', limit: 10 },
  'drift.report': { model: 'fuzz-model', datasetId: NO_DATASET },
  'drift.history': { model: 'fuzz-model', limit: 5 },
  'performance.estimate': { model: 'fuzz-model', datasetId: NO_DATASET, attribution: true },
  'scheduler.history': { job: 'cycle', limit: 5 },
  'scheduler.runNow': { job: 'no-such-job' },
  'alerts.list': { status: 'open', limit: 5 },
  'alerts.acknowledge': { id: 99_999 },
  'alerts.resolve': { id: 99_999 },
  'lineage.get': { model: 'fuzz-model', version: 1 },
  'monitoring.report': { model: 'fuzz-model', window: 'day', days: 7 },
  // Refused over every bridge (they name files on this machine); the fuzz checks the refusal holds.
  'maintenance.backup': { file: 'fuzz-backup.tgz' },
  'versions.import': { file: 'fuzz.tgz' },
  'versions.importMlflow': { directory: '/nonexistent/mlflow-model', model: 'fuzz-model' },
  'settings.validate': { yaml: 'serving:\n  port: [broken\n' },
  'settings.save': { yaml: 'serving:\n  port: [broken\n' },
  'status.get': { model: 'fuzz-model' },
  'train.fromFile': { file: '/nonexistent/fuzz.csv', modelType: 'linear', model: 'fuzz-model' },
  'predict.file': { model: 'fuzz-model', input: '/nonexistent/in.csv', output: '/nonexistent/out.csv' },
  'versions.reproduce': { model: 'fuzz-model', version: 1 },
  'versions.reproduceScript': { model: 'fuzz-model', version: 1, file: '/nonexistent/reproduce.sh' },
  'shadow.plan': { task: 'binary', baseline: 0.8, minEffect: 0.02, pairsPerDay: 500 },
  'shadow.simulate': { task: 'binary', effect: 0, trials: 5, maxPairs: 100 },
  'services.list': { model: 'fuzz-model' },
  'services.setDesired': { model: 'fuzz-model', version: 1, desired: 'stopped' },
  'replay.file': { file: '/nonexistent/fuzz.csv', rate: 10, limit: 10, gatewayUrl: 'http://127.0.0.1:1' },
};

export function fuzzTargetFor(operation: OperationName): FuzzTarget {
  const record = SAMPLES[operation] ?? {};
  const fields: InputField[] = Object.entries(record).map(([name, value]) => ({
    name,
    type: typeof value === 'number' ? 'number' : 'category',
  }));
  // Input-less operations still get a field, so the generators have something to add and break.
  if (fields.length === 0) fields.push({ name: 'limit', type: 'number' });
  return { record, fields, knownRequestIds: [] };
}
