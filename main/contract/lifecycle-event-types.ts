// Plain data, no zod: `podium events --type` lists these as its choices at start-up.
/**
 * What a webhook receiver can subscribe to. A stage change is an alias moving (champion,
 * challenger, archived); the promotion events come from the audit log, so they cover dev and
 * prod, by hand, by a cycle or by a shadow verdict alike.
 */
export const LIFECYCLE_EVENT_TYPES = [
  'model_version.registered',
  'model_version.stage_changed',
  'model_version.released',
  'promotion.requested',
  'promotion.approved',
  'promotion.rejected',
  'champion.promoted',
  'champion.rolled_back',
  'champion.rolled_back_automatically',
  'shadow_test.completed',
  'alert.raised',
  'webhook.test',
] as const;
