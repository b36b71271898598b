import cronParser from 'cron-parser';
import { PodiumError } from '../contract/errors.js';

/**
 * Cron arithmetic on an injected "now", so what is due can be decided by a fake clock. The same
 * parser (cron-parser, node-schedule's own) reads the expressions that node-schedule fires, so
 * the two never disagree about when a job is due.
 */
export type CronSpec = { cron: string; timezone?: string };

/** The latest fire time at or before `now`, or null if the expression never fired before it. */
export function previousFire(spec: CronSpec, now: Date): Date | null {
  // cron-parser's prev() is strictly before currentDate; a fire exactly at `now` is due now.
  const expression = parse(spec, new Date(now.getTime() + 1));
  try {
    return expression.prev().toDate();
  } catch {
    return null;
  }
}

/** The first fire time strictly after `now`. */
export function nextFire(spec: CronSpec, now: Date): Date | null {
  const expression = parse(spec, now);
  try {
    return expression.next().toDate();
  } catch {
    return null;
  }
}

/** Throws CONFIG_INVALID naming the setting when the expression or time zone is not usable. */
export function assertValidCron(spec: CronSpec, setting: string): void {
  if (spec.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: spec.timezone });
    } catch {
      throw new PodiumError('CONFIG_INVALID', `${setting}: unknown time zone "${spec.timezone}"`, {
        key: setting,
        timezone: spec.timezone,
      });
    }
  }
  try {
    cronParser.parseExpression(spec.cron, spec.timezone ? { tz: spec.timezone } : {}).next();
  } catch (error) {
    throw new PodiumError(
      'CONFIG_INVALID',
      `${setting}: "${spec.cron}" is not a valid cron expression (${error instanceof Error ? error.message : String(error)})`,
      { key: setting, cron: spec.cron },
    );
  }
}

function parse(spec: CronSpec, currentDate: Date) {
  return cronParser.parseExpression(spec.cron, {
    currentDate,
    ...(spec.timezone ? { tz: spec.timezone } : {}),
  });
}
