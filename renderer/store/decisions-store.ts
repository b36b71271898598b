import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  Decision,
  DecisionOutcome,
  DecisionThresholds,
  PodiumClient,
  ShadowStatisticalTests,
  ShadowTest,
} from '../../main/contract/index.js';
import { formatNumber } from '../format.js';
import { idle, loading, type Remote, settle } from './remote.js';
import type { Tone } from './tone.js';

export function outcomeTone(outcome: DecisionOutcome): Tone {
  switch (outcome) {
    case 'promote':
    case 'rollback':
      return 'ok';
    case 'start_shadow':
    case 'awaiting_approval':
      return 'info';
    case 'inconclusive':
      return 'warn';
    case 'reject':
    case 'keep_champion':
      return 'bad';
  }
}

/**
 * The improvement threshold stored with the decision. Decisions store no per-metric thresholds
 * (see `DecisionThresholds`): every comparison row is judged against this one.
 */
export function thresholdFor(decision: Decision): string | null {
  const value = decision.thresholds.championThreshold;
  return value === undefined ? null : String(value);
}

/** The evidence of a decision a shadow test made: live labelled pairs instead of a held-out comparison. */
export type ShadowDecisionEvidence = {
  testId: number | null;
  metric: string;
  champion: number | null;
  challenger: number | null;
  labelledPairs: number | null;
  interval: { lower: number; upper: number } | null;
  margin: number | null;
  tests: ShadowStatisticalTests;
};

export function shadowEvidenceOf(decision: Decision): ShadowDecisionEvidence | null {
  const report = decision.metrics.shadowTest;
  if (report === undefined) return null;
  return {
    testId: report.id,
    metric: report.metric,
    champion: report.championValue,
    challenger: report.challengerValue,
    labelledPairs: report.labelledPairs,
    interval: report.interval,
    margin: report.margin,
    tests: report.tests,
  };
}

/** The thresholds stored with a decision as one line (`championThreshold` reads "champion threshold"). */
export function thresholdsText(thresholds: DecisionThresholds): string {
  return Object.entries(thresholds)
    .map(([key, value]) => {
      const words = key.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
      return `${words} ${typeof value === 'number' ? formatNumber(value) : String(value)}`;
    })
    .join(', ');
}

export type DecisionAction = 'evaluate' | 'promote' | 'reject' | 'shadow';

export type DecisionsState = {
  decisions: Remote<Decision[]>;
  selectedId: number | null;
  pending: DecisionAction | null;
  actionError: PodiumErrorData | null;
  lastMessage: string | null;
  load(model?: string): Promise<void>;
  select(id: number): void;
  evaluate(model: string, version: number): Promise<Decision | null>;
  promote(model: string, version: number, reason: string): Promise<Decision | null>;
  reject(decisionId: number, reason: string): Promise<Decision | null>;
  startShadow(model: string, version: number): Promise<ShadowTest | null>;
};

export function createDecisionsStore(client: PodiumClient) {
  return createStore<DecisionsState>()((set, get) => {
    /** The model whose history is shown: an action refreshes that one. */
    let shownModel: string | undefined;
    /** Runs one action; stores its error (never swallowed) or refreshes the history on success. */
    const act = async <T>(
      action: DecisionAction,
      request: () => Promise<{ data?: T; error?: PodiumErrorData }>,
      message: (data: T) => string,
    ): Promise<T | null> => {
      set({ pending: action, actionError: null, lastMessage: null });
      const result = await request();
      if (result.error !== undefined || result.data === undefined) {
        set({ pending: null, actionError: result.error ?? null });
        return null;
      }
      const data = result.data;
      set({ pending: null, lastMessage: message(data) });
      await get().load(shownModel);
      return data;
    };
    return {
      decisions: idle(),
      selectedId: null,
      pending: null,
      actionError: null,
      lastMessage: null,
      async load(model) {
        const switched = model !== shownModel;
        shownModel = model;
        // Another model's history is not this one's: it is not kept on screen while loading.
        set({ decisions: loading(switched ? idle() : get().decisions) });
        const result = await client.sendCatch('decisions.list', model === undefined ? {} : { model });
        if (shownModel !== model) return;
        set({ decisions: settle(get().decisions, result) });
        const list = result.data ?? [];
        const selected = get().selectedId;
        if (selected === null || !list.some((decision) => decision.id === selected))
          set({ selectedId: list[0]?.id ?? null });
      },
      select(id) {
        set({ selectedId: id });
      },
      async evaluate(model, version) {
        const decision = await act(
          'evaluate',
          () => client.sendCatch('decisions.evaluate', { model, version }),
          (d) => `Decision ${d.id}: ${d.summary}`,
        );
        if (decision !== null) set({ selectedId: decision.id });
        return decision;
      },
      promote(model, version, reason) {
        return act(
          'promote',
          () => client.sendCatch('decisions.promote', { model, version, reason }),
          (d) => `Promoted ${model} v${version} (decision ${d.id})`,
        );
      },
      reject(decisionId, reason) {
        return act(
          'reject',
          () => client.sendCatch('decisions.reject', { decisionId, reason }),
          (d) => `Rejected the challenger (decision ${d.id})`,
        );
      },
      startShadow(model, version) {
        return act(
          'shadow',
          () => client.sendCatch('shadow.start', { model, version }),
          (test) =>
            `Shadow test ${test.id} started: v${test.challengerVersion} beside champion v${test.championVersion}`,
        );
      },
    };
  });
}

export type DecisionsStore = ReturnType<typeof createDecisionsStore>;
