/** Guarded rollout: the baking period after a promotion and its guards (main/lifecycle/guarded-rollout/). */
import { z } from 'zod';

export const GuardNameSchema = z.enum(['5xx_rate', 'latency_p99', 'latency_p99_ratio', 'primary_metric']);

/** `no_verdict`: too little traffic (or no labels and no estimate) to judge; `off`: its limit is 0. */
export const GuardVerdictSchema = z.enum(['ok', 'breach', 'no_verdict', 'off']);

export const GuardResultSchema = z.strictObject({
  guard: GuardNameSchema,
  verdict: GuardVerdictSchema,
  /** What was measured (a share, milliseconds, a ratio, a relative drop); null without a reading. */
  value: z.number().nullable(),
  limit: z.number().nullable(),
  /** Requests (or labelled requests, or estimated requests) the value rests on. */
  observations: z.number(),
  /** Where the value comes from: `gateway` metrics, `realised` labels, `cbpe` estimate. */
  basis: z.string().nullable(),
  reason: z.string(),
});

export const BakingStatusSchema = z.enum(['baking', 'passed', 'rolled_back', 'superseded']);

export const BakingPeriodSchema = z.strictObject({
  id: z.number(),
  model: z.string(),
  version: z.number(),
  previousVersion: z.number().nullable(),
  status: BakingStatusSchema,
  startedAt: z.string(),
  endsAt: z.string(),
  lastCheckedAt: z.string().nullable(),
  guards: z.array(GuardResultSchema),
  /** The guards that tripped, when the period ended in an automatic rollback. */
  breaches: z.array(GuardResultSchema),
  promotionDecisionId: z.number().nullable(),
  rollbackDecisionId: z.number().nullable(),
  endedAt: z.string().nullable(),
});

export const RolloutStatusSchema = z.strictObject({
  model: z.string(),
  champion: z.number().nullable(),
  /** The configured rollout.baking_period, as written. */
  bakingPeriod: z.string(),
  /** What this check did: opened a baking period, ended one (passed, rolled back), or nothing. */
  action: z.enum(['none', 'opened', 'passed', 'rolled_back', 'superseded']),
  /** The baking period of the current champion (or the one just ended); null when it never baked. */
  current: BakingPeriodSchema.nullable(),
  /** Earlier baking periods of the model, newest first. */
  history: z.array(BakingPeriodSchema),
});

export const rolloutOperationSchemas = {
  /**
   * Checks the guards of the model's baking champion now, as the scheduler does every minute:
   * a breach rolls back, a baking period that ran its course passes. Then reports the state.
   */
  'rollout.status': {
    input: z.strictObject({ model: z.string().min(1).optional() }),
    output: RolloutStatusSchema,
  },
};
