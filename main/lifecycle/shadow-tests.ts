import { PodiumError } from '../contract/errors.js';
import type { ShadowTestReport } from '../contract/index.js';
import type { ModelVersion, VersionStore } from '../registry/index.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { Workspace } from '../workspace/index.js';
import { recordLifecycleEvent } from '../workspace/lifecycle-event-store.js';
import { approvalHint, gatedOutcome } from './approval-gate.js';
import type { AuditLog } from './audit-log.js';
import type { DecisionOutcome } from './decide.js';
import type { DecisionRecord, DecisionStore } from './decision-store.js';
import { collectShadowEvidence } from './shadow-evidence.js';
import {
  marginFromThreshold,
  planShadowTest,
  shadowFinalVerdict,
  shadowVerdict,
} from './shadow-stats/index.js';
import type { ShadowTestRecord, ShadowTestStore } from './shadow-test-store.js';

const DAY_MS = 86_400_000;

// One definition, in the contract the UI reads (its tests typed as the evidence computes them).
export type { ShadowTestReport };

/**
 * Shadow tests as the lifecycle sees them: started from a decision or by hand, reported at any
 * time with an interval that stays valid however often it is read, and completed — early on a
 * clear winner or loser, otherwise when the duration has passed — with a stored decision.
 */
export class ShadowTestService {
  constructor(
    private readonly workspace: Workspace,
    private readonly versions: VersionStore,
    private readonly decisions: DecisionStore,
    private readonly tests: ShadowTestStore,
    private readonly traffic: TrafficStore,
    private readonly audit: AuditLog,
  ) {}

  start(challenger: ModelVersion, actor: string): ShadowTestRecord {
    const champion = this.versions.champion(challenger.modelName);
    if (!champion) {
      throw new PodiumError(
        'CONFLICT',
        `${challenger.modelName} has no champion to shadow; promote one first`,
      );
    }
    if (champion.id === challenger.id) {
      throw new PodiumError(
        'CONFLICT',
        `v${challenger.version} is the champion; shadow a challenger instead`,
      );
    }
    const settings = this.workspace.config.champion_challenger;
    const open = this.tests
      .list(challenger.modelName, { openOnly: true })
      .find((t) => t.challengerVersion === challenger.version);
    const id = this.workspace.db
      .transaction(() => {
        let testId: number;
        if (open) {
          this.tests.activate(open.id);
          testId = open.id;
        } else {
          const decisionId = this.decisions.insert({
            modelName: challenger.modelName,
            outcome: 'start_shadow',
            championVersionId: champion.id,
            challengerVersionId: challenger.id,
            evaluationDatasetId: null,
            evaluationRows: null,
            metrics: {
              champion: champion.metrics,
              challenger: challenger.metrics,
              comparisons: [],
              primaryMetric: null,
            },
            thresholds: { championThreshold: settings.champion_threshold },
            reasons: [
              `Shadow test of v${challenger.version} against champion v${champion.version} started by ${actor}.`,
            ],
            summary: `Shadow test started by ${actor}.`,
            actor,
          });
          testId = this.tests.createRunning({
            modelName: challenger.modelName,
            championVersionId: champion.id,
            challengerVersionId: challenger.id,
            decisionId,
            durationDays: settings.shadow_mode_duration,
            minSamples: settings.shadow_min_samples,
          });
        }
        this.versions.setStage(challenger.id, 'shadow', { actor, reason: `shadow test #${testId} running` });
        return testId;
      })
      .immediate();
    return this.tests.get(id)!;
  }

  /** Starts the pending tests a `start_shadow` decision created (when something serves them). */
  activatePending(modelName: string, actor = 'podium'): void {
    for (const test of this.tests.list(modelName, { openOnly: true })) {
      if (test.status === 'pending') this.start(this.versions.get(modelName, test.challengerVersion), actor);
    }
  }

  stop(test: ShadowTestRecord, actor: string, reason: string): void {
    this.workspace.db
      .transaction(() => {
        this.tests.finish(test.id, 'stopped');
        const challenger = this.versions.get(test.modelName, test.challengerVersion);
        if (challenger.stage === 'shadow') {
          this.versions.setStage(challenger.id, 'challenger', {
            actor,
            reason: `shadow test #${test.id} stopped: ${reason}`,
          });
        }
      })
      .immediate();
  }

  /** The report now, or as the test stood at `until` (pairs up to then). */
  report(test: ShadowTestRecord, options: { until?: string } = {}): ShadowTestReport {
    const settings = this.workspace.config.champion_challenger;
    const model = this.versions.modelTask(test.modelName)!;
    const champion = this.versions.get(test.modelName, test.championVersion);
    const started = test.startedAt ?? test.createdAt;
    const evidence = collectShadowEvidence(this.traffic, {
      modelName: test.modelName,
      task: model.task,
      championVersion: test.championVersion,
      challengerVersion: test.challengerVersion,
      since: started,
      until: options.until,
    });
    const classification = model.task !== 'number';
    const baseline = classification ? (champion.metrics.accuracy ?? 0.5) : (champion.metrics.mae ?? 1);
    const margin = marginFromThreshold({
      championThreshold: settings.champion_threshold,
      baseline: Math.max(baseline, 1e-9),
    });
    const nStar = expectedPairs({
      classification,
      baseline,
      margin,
      threshold: settings.champion_threshold,
      alpha: settings.shadow_significance,
      minSamples: test.minSamples,
    });
    const elapsedDays = test.startedAt
      ? (this.workspace.clock.now().getTime() - Date.parse(test.startedAt)) / DAY_MS
      : 0;
    // Discordant counts are a classification notion; the verdict refuses them for regression.
    const summary = classification
      ? { n: evidence.n, sum: evidence.sum, sumSquares: evidence.sumSquares, b: evidence.b, c: evidence.c }
      : { n: evidence.n, sum: evidence.sum, sumSquares: evidence.sumSquares };
    const common = { margin, alpha: settings.shadow_significance, minSamples: test.minSamples, nStar };
    let interval: ShadowTestReport['interval'] = null;
    let mean: number | null = null;
    let pairsNeeded: number | null = null;
    let verdict: ShadowTestReport['verdictSoFar'] = 'continue';
    if (evidence.n >= 2) {
      const running = shadowVerdict({ ...summary, ...common });
      interval = running.interval;
      mean = running.mean;
      pairsNeeded = running.pairsNeeded;
      verdict = running.decision;
      if (verdict === 'continue' && elapsedDays >= test.durationDays && test.status === 'running') {
        verdict = shadowFinalVerdict({ ...summary, ...common }).decision;
      }
    } else if (elapsedDays >= test.durationDays && test.status === 'running') {
      verdict = 'inconclusive';
    }
    return {
      id: test.id,
      status: test.status,
      championVersion: test.championVersion,
      challengerVersion: test.challengerVersion,
      startedAt: test.startedAt,
      durationDays: test.durationDays,
      elapsedDays,
      daysLeft: Math.max(0, test.durationDays - elapsedDays),
      minSamples: test.minSamples,
      mirroredRequests: evidence.mirrored,
      labelledPairs: evidence.n,
      metric: evidence.champion.metric,
      championValue: evidence.champion.value,
      challengerValue: evidence.challenger.value,
      agreementRate: evidence.agreementRate,
      latencyMsP50: {
        champion: evidence.champion.latencyMsP50,
        challenger: evidence.challenger.latencyMsP50,
      },
      margin,
      significance: settings.shadow_significance,
      interval,
      meanDifference: mean,
      pairsNeeded,
      verdictSoFar: verdict,
      tests: evidence.tests,
    };
  }

  /** Completes every running test that has a verdict; returns the decisions made. */
  checkAll(modelName: string, actor = 'podium'): DecisionRecord[] {
    const made: DecisionRecord[] = [];
    for (const test of this.tests.list(modelName, { openOnly: true })) {
      if (test.status !== 'running') continue;
      const report = this.report(test);
      if (report.verdictSoFar === 'continue') continue;
      made.push(this.complete(test, report, actor));
    }
    return made;
  }

  /** Ends a running test by hand with its verdict so far; "continue" is read as inconclusive. */
  completeNow(test: ShadowTestRecord, actor: string): DecisionRecord {
    if (test.status !== 'running') {
      throw new PodiumError(
        'CONFLICT',
        `Shadow test #${test.id} is ${test.status}; only a running test can be completed`,
      );
    }
    const report = this.report(test);
    const verdict = report.verdictSoFar === 'continue' ? 'inconclusive' : report.verdictSoFar;
    return this.complete(test, { ...report, verdictSoFar: verdict }, actor);
  }

  private complete(test: ShadowTestRecord, report: ShadowTestReport, actor: string): DecisionRecord {
    const settings = this.workspace.config.champion_challenger;
    const champion = this.versions.get(test.modelName, test.championVersion);
    const challenger = this.versions.get(test.modelName, test.challengerVersion);
    const verdict = report.verdictSoFar;
    const outcome: DecisionOutcome = gatedOutcome(
      this.workspace,
      verdict === 'promote'
        ? settings.auto_promotion
          ? 'promote'
          : 'awaiting_approval'
        : verdict === 'reject'
          ? 'reject'
          : 'inconclusive',
    );
    const gated = settings.auto_promotion && outcome === 'awaiting_approval';
    const fmt = (v: number | null) => (v === null ? '-' : v.toFixed(4));
    const early = report.elapsedDays < report.durationDays;
    const evidence = `On ${report.labelledPairs} labelled pairs, ${report.metric}: challenger ${fmt(report.challengerValue)} vs champion ${fmt(report.championValue)}; mean improvement ${fmt(report.meanDifference)} with always-valid bounds [${fmt(report.interval?.lower ?? null)}, ${fmt(report.interval?.upper ?? null)}] against a margin of ${fmt(report.margin)} (significance ${settings.shadow_significance}).`;
    const summaries: Record<DecisionOutcome, string> = {
      promote: `Promote v${challenger.version}: its lower bound clears the margin${early ? ', ending the test early' : ''}.`,
      awaiting_approval: gated
        ? `v${challenger.version} is better by more than the margin. ${approvalHint(this.workspace)}`
        : `v${challenger.version} is better by more than the margin; auto-promotion is off, so promotion waits for approval.`,
      reject: `Reject v${challenger.version}: its upper bound is below the margin, so it is not better by enough${early ? ' (ended early)' : ''}.`,
      inconclusive: `Inconclusive after ${report.durationDays} days: the bounds neither clear nor rule out the margin. The champion stays.`,
      keep_champion: '',
      start_shadow: '',
      rollback: '',
    };
    const summary = summaries[outcome];
    const id = this.workspace.db
      .transaction(() => {
        const decisionId = this.decisions.insert({
          modelName: test.modelName,
          outcome,
          championVersionId: champion.id,
          challengerVersionId: challenger.id,
          evaluationDatasetId: null,
          evaluationRows: report.labelledPairs,
          metrics: {
            champion: report.championValue === null ? null : { [report.metric]: report.championValue },
            challenger: report.challengerValue === null ? null : { [report.metric]: report.challengerValue },
            comparisons: [],
            primaryMetric: report.metric,
            shadowTest: report,
          },
          thresholds: {
            championThreshold: settings.champion_threshold,
            margin: report.margin,
            significance: settings.shadow_significance,
            autoPromotion: settings.auto_promotion,
          },
          reasons: [
            `Shadow test #${test.id}: ${report.mirroredRequests} mirrored requests.`,
            evidence,
            summary,
          ],
          summary,
          actor,
        });
        this.tests.finish(test.id, 'completed');
        const cause = { actor, reason: summary, decisionId };
        if (outcome === 'promote' || outcome === 'awaiting_approval') {
          this.audit.record({
            action: outcome === 'promote' ? 'promote' : 'promotion_requested',
            modelName: test.modelName,
            fromVersion: champion.version,
            toVersion: challenger.version,
            decisionId,
            actor,
            reason: summary,
          });
        }
        if (outcome === 'promote') this.versions.promote(challenger.id, cause);
        else if (outcome === 'awaiting_approval') this.versions.setStage(challenger.id, 'challenger', cause);
        else this.versions.setStage(challenger.id, 'archived', cause);
        recordLifecycleEvent(this.workspace.db, this.workspace.clock, {
          type: 'shadow_test.completed',
          modelName: test.modelName,
          data: {
            shadow_test_id: test.id,
            verdict,
            outcome,
            decision_id: decisionId,
            champion_version: champion.version,
            challenger_version: challenger.version,
            labelled_pairs: report.labelledPairs,
            metric: report.metric,
            champion_value: report.championValue,
            challenger_value: report.challengerValue,
            summary,
          },
        });
        return decisionId;
      })
      .immediate();
    this.workspace.logger.info({ decision: id, outcome, shadow_test: test.id }, 'shadow test completed');
    return this.decisions.get(id)!;
  }
}

/**
 * The number of pairs the confidence sequence is tuned for: what a fixed-horizon test would need
 * to detect twice the margin. Falls back to a generous constant when the plan is not defined
 * (e.g. a champion already so accurate that twice the margin would pass 100%).
 */
function expectedPairs(input: {
  classification: boolean;
  baseline: number;
  margin: number;
  threshold: number;
  alpha: number;
  minSamples: number;
}): number {
  try {
    const plan = input.classification
      ? planShadowTest({
          task: 'binary',
          baseline: input.baseline,
          minEffect: 2 * input.margin,
          margin: input.margin,
          alpha: input.alpha,
        })
      : planShadowTest({
          task: 'number',
          baseline: input.baseline,
          minEffect: 2 * input.threshold,
          margin: input.threshold,
          alpha: input.alpha,
        });
    return Math.max(input.minSamples, plan.nStar);
  } catch {
    return Math.max(input.minSamples, 1_000);
  }
}
