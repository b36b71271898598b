import type { DecisionRecord } from '../lifecycle/index.js';
import type { NewAlert } from './alerts/index.js';

/** The alert for a shadow test that ended, from the decision that ended it. */
export function shadowFinishedAlert(decision: DecisionRecord): NewAlert {
  return {
    rule: 'shadow_test_finished',
    // Approval waits on a person; the other endings are news.
    severity: decision.outcome === 'awaiting_approval' ? 'warning' : 'info',
    modelName: decision.modelName,
    dedupKey: `shadow_test_finished:${decision.modelName}:decision-${decision.id}`,
    title: `Shadow test of ${decision.modelName} v${decision.challengerVersion ?? '?'} finished: ${decision.outcome}`,
    message: decision.summary,
    evidence: {
      decisionId: decision.id,
      outcome: decision.outcome,
      championVersion: decision.championVersion,
      challengerVersion: decision.challengerVersion,
      details: { reasons: decision.reasons },
    },
  };
}
