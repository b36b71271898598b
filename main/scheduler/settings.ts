import { z } from 'zod';
import { PodiumError } from '../contract/errors.js';
import { assertValidCron } from './cron.js';

/**
 * The `scheduler` config section, read defensively: keys beyond `enabled` and `cycle_cron` may
 * not be declared by the config schema yet, and each has a safe default. An empty cron string
 * turns that job off.
 */
const schedulerSection = z.object({
  enabled: z.boolean().default(true),
  cycle_cron: z.string().default('0 */6 * * *'),
  timezone: z.string().min(1).optional(),
  lock_lease_seconds: z.number().int().min(10).default(300),
  catch_up: z.boolean().default(true),
  cleanup_cron: z.string().default('30 3 * * *'),
  maintenance_cron: z.string().default('0 4 * * 0'),
  history_retention_days: z.number().positive().default(90),
});

export type SchedulerSettings = {
  enabled: boolean;
  cycleCron: string;
  timezone: string | undefined;
  leaseMs: number;
  catchUp: boolean;
  cleanupCron: string;
  maintenanceCron: string;
  historyRetentionDays: number;
};

export function readSchedulerSettings(config: object): SchedulerSettings {
  const parsed = schedulerSection.safeParse((config as Record<string, unknown>).scheduler ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = `scheduler.${issue.path.join('.')}`;
    throw new PodiumError('CONFIG_INVALID', `${key}: ${issue.message}`, { key });
  }
  const s = parsed.data;
  return {
    enabled: s.enabled,
    cycleCron: s.cycle_cron.trim(),
    timezone: s.timezone,
    leaseMs: s.lock_lease_seconds * 1000,
    catchUp: s.catch_up,
    cleanupCron: s.cleanup_cron.trim(),
    maintenanceCron: s.maintenance_cron.trim(),
    historyRetentionDays: s.history_retention_days,
  };
}

/**
 * Throws CONFIG_INVALID naming the key when a cron or the time zone cannot be used, so a bad
 * schedule is refused when it is saved rather than found when the scheduler next plans.
 */
export function assertSchedulerSettings(config: object): void {
  const settings = readSchedulerSettings(config);
  // A cron that always parses, so a bad zone is named as the time zone's fault.
  if (settings.timezone !== undefined)
    assertValidCron({ cron: '* * * * *', timezone: settings.timezone }, 'scheduler.timezone');
  const crons: [string, string][] = [
    ['scheduler.cycle_cron', settings.cycleCron],
    ['scheduler.cleanup_cron', settings.cleanupCron],
    ['scheduler.maintenance_cron', settings.maintenanceCron],
    [
      'rollout.check_cron',
      (config as { rollout?: { check_cron?: string } }).rollout?.check_cron?.trim() ?? '',
    ],
  ];
  for (const [key, cron] of crons) {
    if (cron !== '') assertValidCron({ cron, timezone: settings.timezone }, key);
  }
}
