/**
 * A metric value in words and tables (decision reasons, CLI output): four decimals for scores
 * and small errors, whole numbers from 1,000 up (an mse of 1423815889, not 1423815889.1298).
 */
export function metricText(value: number): string {
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toFixed(4);
}
