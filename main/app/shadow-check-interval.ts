/**
 * How often a serving session checks its shadow tests for an early verdict (and the UI hears
 * of service changes): one interval wherever serving runs, the CLI, the UI or the demo. Its own
 * file so `podium serve --help` prints it without loading the serving code.
 */
export const SHADOW_CHECK_INTERVAL_MS = 2_000;
