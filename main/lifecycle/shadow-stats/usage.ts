import { type ErrorDetails, PodiumError } from '../../contract/errors.js';

/** A statistic asked for with inputs it cannot take (the caller's mistake, so a usage error). */
export function usage(message: string, details?: ErrorDetails): PodiumError {
  return new PodiumError('USAGE', message, details);
}
