/**
 * Resolves on the first SIGINT or SIGTERM. One Ctrl-C often arrives twice (the terminal's
 * process group and `npx` forwarding it): repeats within a second are the same request; a later
 * one forces the exit, after `onForcedExit` has said what is left behind.
 */
export function untilStopped(onForcedExit: () => void = () => {}): Promise<void> {
  return new Promise((resolve) => {
    let first = 0;
    const onSignal = () => {
      if (first === 0) {
        first = Date.now();
        resolve();
      } else if (Date.now() - first > 1_000) {
        onForcedExit();
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
