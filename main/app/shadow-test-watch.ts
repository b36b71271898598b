import type { ChampionChallengerManager, DecisionRecord } from '../lifecycle/index.js';
import type { AlertService } from '../monitoring/alerts/index.js';
import { shadowFinishedAlert } from '../monitoring/shadow-alert.js';
import type { Workspace } from '../workspace/index.js';
import { SHADOW_CHECK_INTERVAL_MS } from './shadow-check-interval.js';

export { SHADOW_CHECK_INTERVAL_MS };

export type ShadowTestWatch = {
  /** One check now (also what the interval runs). */
  check(): void;
  stop(): void;
};

/**
 * Checks a model's running shadow tests at an interval: a test with a clear winner or loser
 * ends early with a decision, an alert is raised for it, and serving reconciles so traffic
 * follows the decision. `onCheck` runs after every check, whatever it found.
 */
export function watchShadowTests(input: {
  workspace: Workspace;
  manager: ChampionChallengerManager;
  alerts: AlertService;
  modelName: string;
  actor: string;
  reconcile: () => Promise<void>;
  intervalMs?: number;
  onDecision?: (decision: DecisionRecord) => void;
  onCheck?: () => void;
}): ShadowTestWatch {
  const check = () => {
    try {
      for (const decision of input.manager.shadow.checkAll(input.modelName, input.actor)) {
        input.onDecision?.(decision);
        input.alerts.raise(shadowFinishedAlert(decision));
        void input
          .reconcile()
          .catch((error) => input.workspace.logger.error({ err: error }, 'reconcile after a verdict failed'));
      }
    } catch (error) {
      input.workspace.logger.error({ err: error }, 'shadow check failed');
    }
    input.onCheck?.();
  };
  const timer = setInterval(check, input.intervalMs ?? SHADOW_CHECK_INTERVAL_MS);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
