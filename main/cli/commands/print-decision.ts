import type { Decision } from '../../contract/index.js';
import { formatMetric, formatTable, print } from '../output.js';

export function printDecision(decision: Decision): void {
  print();
  print(`Decision #${decision.id}: ${decision.outcome}`);
  if (decision.metrics.comparisons.length > 0) {
    print(
      formatTable(
        [
          'metric',
          `champion v${decision.championVersion}`,
          `challenger v${decision.challengerVersion}`,
          'relative',
        ],
        decision.metrics.comparisons.map((c) => [
          `${c.metric}${c.primary ? ' (primary)' : ''}`,
          formatMetric(c.champion),
          formatMetric(c.challenger),
          `${c.relativeImprovement >= 0 ? '+' : ''}${(c.relativeImprovement * 100).toFixed(1)}%${c.regressed ? ' !' : ''}`,
        ]),
      ),
    );
  }
  for (const reason of decision.reasons) print(`  - ${reason}`);
}
