import cliProgress from 'cli-progress';
import type { LifecycleProgress } from '../lifecycle/index.js';

/**
 * Training progress on stderr: a live bar on a terminal, a few plain lines otherwise (CI logs
 * and pipes should not fill with carriage returns). Silent with --json so stdout stays parseable.
 */
export function createProgressReporter(options: { json: boolean }): {
  onProgress: (progress: LifecycleProgress) => void;
  stop: () => void;
} {
  if (options.json) return { onProgress: () => {}, stop: () => {} };
  const interactive = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let currentCandidate: string | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  return {
    onProgress: (progress) => {
      if (progress.step !== 'train') {
        stopBar();
        if (progress.message && progress.current === progress.total)
          process.stderr.write(`${progress.message}\n`);
        return;
      }
      const label = `training ${progress.candidate ?? 'model'}${progress.candidateCount && progress.candidateCount > 1 ? ` (${(progress.candidateIndex ?? 0) + 1}/${progress.candidateCount})` : ''}`;
      // Phase events (loading, fitting…) carry no epoch count: they only announce a candidate.
      if (progress.phase !== undefined) {
        if (!interactive && progress.candidate !== currentCandidate) {
          currentCandidate = progress.candidate;
          process.stderr.write(`${label}…\n`);
        }
        return;
      }
      if (!interactive) return;
      if (progress.candidate !== currentCandidate) {
        stopBar();
        currentCandidate = progress.candidate;
      }
      if (bar === null) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] epoch {value}/{total} | loss {loss} | val_loss {val} | ~{left}s left`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total, 0, { loss: '-', val: '-', left: '-' });
      }
      bar?.update(progress.current, {
        loss: progress.loss?.toFixed(4) ?? '-',
        val: progress.validationLoss?.toFixed(4) ?? '-',
        left: progress.secondsLeft !== undefined ? Math.ceil(progress.secondsLeft) : '-',
      });
    },
    stop: stopBar,
  };
}

/**
 * Runs long training work with a progress reporter and Ctrl-C as cancel (the work sees an
 * aborted signal, ends its runs as cancelled and removes half-written packages).
 */
export async function withTrainingProgress<T>(
  options: { json: boolean },
  work: (hooks: { onProgress: (progress: LifecycleProgress) => void; signal: AbortSignal }) => Promise<T>,
): Promise<T> {
  const progress = createProgressReporter(options);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    return await work({ onProgress: progress.onProgress, signal: abort.signal });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
  }
}
