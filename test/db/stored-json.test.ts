import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Decision, JobRunSummary, StoredDriftReport } from '../../main/contract/index.js';
import { DecisionStore } from '../../main/lifecycle/decision-store.js';
import { AlertStore } from '../../main/monitoring/alerts/index.js';
import { DriftReportStore } from '../../main/monitoring/drift-report-store.js';
import { VersionStore } from '../../main/registry/index.js';
import { JobRunStore } from '../../main/scheduler/job-run-store.js';
import { shadowReport } from '../helpers/shadow-report.js';
import { tempWorkspace } from '../helpers/workspace.js';

/**
 * The contract names fields in camelCase; the JSON the stores keep in SQLite keeps the form earlier
 * Podiums wrote (contract/documented-json.ts). Each document below is what an earlier Podium wrote:
 * a row written now must hold exactly that, and a row holding it must read as the contract's value,
 * so a workspace from before reads unchanged.
 */
const workspace = tempWorkspace();
after(() => workspace.cleanup());

/** Writes through the store, checks the raw column, then reads an earlier Podium's row back. */
function roundTrip<T>(input: {
  write: () => number;
  column: { table: string; name: string };
  stored: unknown;
  read: (id: number) => T;
  expected: T;
}): void {
  const id = input.write();
  const { table, name } = input.column;
  const raw = workspace.db.prepare(`SELECT ${name} AS json FROM ${table} WHERE id = ?`).get(id) as {
    json: string;
  };
  assert.deepEqual(JSON.parse(raw.json), input.stored, `${table}.${name} as earlier Podiums wrote it`);
  workspace.db.prepare(`UPDATE ${table} SET ${name} = ? WHERE id = ?`).run(JSON.stringify(input.stored), id);
  assert.deepEqual(input.read(id), input.expected);
}

test("decisions keep their evidence as stored: the comparisons' own fields, the rest in snake_case", () => {
  new VersionStore(workspace.db, workspace.clock, workspace.paths.root).ensureModel(
    'sales',
    'binary',
    'target',
  );
  const decisions = new DecisionStore(workspace.db, workspace.clock);
  const metrics: Decision['metrics'] = {
    champion: { accuracy: 0.8 },
    challenger: { accuracy: 0.9 },
    comparisons: [
      {
        metric: 'accuracy',
        direction: 'higher',
        champion: 0.8,
        challenger: 0.9,
        relativeImprovement: 0.125,
        primary: true,
        regressed: false,
      },
    ],
    primaryMetric: 'accuracy',
    shadowTest: shadowReport(),
  };
  const thresholds: Decision['thresholds'] = { championThreshold: 0.05, margin: 0.04, autoPromotion: true };
  const insert = () =>
    decisions.insert({
      modelName: 'sales',
      outcome: 'promote',
      championVersionId: null,
      challengerVersionId: null,
      evaluationDatasetId: null,
      evaluationRows: 250,
      metrics,
      thresholds,
      reasons: ['the interval cleared the margin'],
      summary: 'Promote',
      actor: 'scheduler',
    });
  roundTrip({
    write: insert,
    column: { table: 'decisions', name: 'metrics_json' },
    stored: {
      champion: { accuracy: 0.8 },
      challenger: { accuracy: 0.9 },
      // The comparisons keep the contract's names (relativeImprovement), as they always have.
      comparisons: metrics.comparisons,
      primary_metric: 'accuracy',
      // test/helpers/shadow-report.ts's report, as stored.
      shadow_test: {
        id: 1,
        status: 'running',
        champion_version: 1,
        challenger_version: 2,
        started_at: '2026-01-01T00:00:00.000Z',
        duration_days: 14,
        elapsed_days: 2,
        days_left: 12,
        min_samples: 200,
        mirrored_requests: 300,
        labelled_pairs: 250,
        metric: 'accuracy',
        champion_value: 0.8,
        challenger_value: 0.9,
        agreement_rate: 0.85,
        latency_ms_p50: { champion: 3, challenger: 4 },
        margin: 0.04,
        significance: 0.05,
        interval: { lower: 0.05, upper: 0.15 },
        mean_difference: 0.1,
        pairs_needed: 0,
        verdict_so_far: 'promote',
        tests: { mcnemar: { b: 5, c: 30, p_greater: 0.00001, p_two_sided: 0.00002 } },
      },
    },
    read: (id) => decisions.get(id)?.metrics,
    expected: metrics,
  });
  roundTrip({
    write: insert,
    column: { table: 'decisions', name: 'thresholds_json' },
    stored: { champion_threshold: 0.05, margin: 0.04, auto_promotion: true },
    read: (id) => decisions.get(id)?.thresholds,
    expected: thresholds,
  });
});

test('drift reports are stored in snake_case; statistics keep their names', () => {
  const store = new DriftReportStore(workspace.db);
  const feature = {
    name: 'age',
    kind: 'numeric' as const,
    status: 'drift' as const,
    reason: 'KS p < 0.05',
    statistics: { ks: 0.14, ks_p_adjusted: 0.0001, psi: 0.13 },
    histograms: { edges: [0, 1], reference: [1], current: [1] },
  };
  const report: StoredDriftReport['report'] = {
    datasetDrift: true,
    driftShare: 1,
    driftedFeatures: 1,
    applicableFeatures: 1,
    features: [{ ...feature, decidedBy: 'test', nReference: 1400, nCurrent: 1000, missingCurrent: 2 }],
    summary: 'Dataset drift',
  };
  roundTrip({
    write: () =>
      store.record({
        model: 'sales',
        version: 1,
        source: 'file',
        datasetId: null,
        window: null,
        rows: 1000,
        createdAt: '2026-01-01T00:00:00.000Z',
        report,
      }),
    column: { table: 'drift_reports', name: 'report_json' },
    stored: {
      dataset_drift: true,
      drift_share: 1,
      drifted_features: 1,
      applicable_features: 1,
      features: [
        {
          ...feature,
          decided_by: 'test',
          n_reference: 1400,
          n_current: 1000,
          missing_current: 2,
        },
      ],
      summary: 'Dataset drift',
    },
    read: () => store.history('sales', 1)[0]?.report,
    expected: report,
  });
});

test("an alert's evidence is stored in snake_case", () => {
  const alerts = new AlertStore(workspace.db, workspace.clock);
  const evidence = {
    driftedFeatures: ['age'],
    checkedFeatures: 13,
    datasetId: 'abc',
    version: 1,
    details: { driftReportId: 1, driftShare: 0.69 },
  };
  roundTrip({
    write: () =>
      alerts.raise({ rule: 'dataset_drift', modelName: 'sales', title: 'drift', message: 'drift', evidence })
        .alert.id,
    column: { table: 'alerts', name: 'evidence_json' },
    stored: {
      drifted_features: ['age'],
      checked_features: 13,
      dataset_id: 'abc',
      version: 1,
      details: { drift_report_id: 1, drift_share: 0.69 },
    },
    read: (id) => alerts.get(id)?.evidence,
    expected: evidence,
  });
});

test("job runs' summaries are stored in snake_case; a custom job's own fields as it named them", () => {
  const runs = new JobRunStore(workspace.db, workspace.clock);
  const run = (job: string, summary: JobRunSummary) => () => {
    const id = runs.start({ job, trigger: 'manual', scheduledFor: null, owner: 'test' });
    runs.finish(id, { outcome: 'succeeded', summary });
    return id;
  };
  const column = { table: 'job_runs', name: 'summary_json' };
  const read = (id: number) => runs.get(id)?.summary;
  const cycle: JobRunSummary = {
    model: 'sales',
    trained: [{ version: 2, runId: 'r', decisionId: 3 }],
    decisions: [{ id: 3, outcome: 'start_shadow', summary: 'Start a shadow test' }],
    removedRuns: 1,
    plan: ['train'],
    alertIds: [],
    decisionIds: [3],
  };
  roundTrip({
    write: run('cycle', cycle),
    column,
    stored: {
      model: 'sales',
      trained: [{ version: 2, run_id: 'r', decision_id: 3 }],
      decisions: [{ id: 3, outcome: 'start_shadow', summary: 'Start a shadow test' }],
      removed_runs: 1,
      plan: ['train'],
      alert_ids: [],
      decision_ids: [3],
    },
    read,
    expected: cycle,
  });
  const busy: JobRunSummary = {
    reason: 'lock busy',
    lock: 'lifecycle',
    holder: 'other',
    leaseExpiresAt: 't',
  };
  roundTrip({
    write: run('cycle', busy),
    column,
    stored: { reason: 'lock busy', lock: 'lifecycle', holder: 'other', lease_expires_at: 't' },
    read,
    expected: busy,
  });
  const custom: JobRunSummary = { exportedRows: 10, decisionIds: [] };
  roundTrip({
    write: run('export', custom),
    column,
    stored: { exportedRows: 10, decision_ids: [] },
    read,
    expected: custom,
  });
});
