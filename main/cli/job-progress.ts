import cliProgress from 'cli-progress';
import type { Progress } from '../contract/index.js';

/** Steps of a training job that are not the training itself (their message is worth a line). */
const OUTER_STEPS = new Set(['ingest', 'evaluate']);

/**
 * A training job's progress (`job.progress`) on stderr: a live bar per candidate on a terminal,
 * a few plain lines otherwise (CI logs and pipes should not fill with carriage returns). Silent
 * with --json so stdout stays parseable. Epochs arrive as step `epoch` with the candidate in
 * `message` and loss, validation loss and seconds left in `metrics`; phases (loading, fitting…)
 * as their own step with the candidate as message.
 */
export function createJobProgressReporter(options: { json: boolean }): {
  onProgress: (progress: Progress) => void;
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
      if (OUTER_STEPS.has(progress.step)) {
        stopBar();
        if (progress.message && progress.current === progress.total)
          process.stderr.write(`${progress.message}\n`);
        return;
      }
      const candidate = progress.message;
      const label = `training ${candidate ?? 'model'}`;
      if (progress.step !== 'epoch') {
        if (!interactive && candidate !== currentCandidate) {
          currentCandidate = candidate;
          process.stderr.write(`${label}…\n`);
        }
        return;
      }
      if (!interactive) return;
      if (candidate !== currentCandidate) {
        stopBar();
        currentCandidate = candidate;
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
      const metrics = progress.metrics ?? {};
      bar.update(progress.current, {
        loss: metrics.loss?.toFixed(4) ?? '-',
        val: metrics.validation_loss?.toFixed(4) ?? '-',
        left: metrics.seconds_left !== undefined ? Math.ceil(metrics.seconds_left) : '-',
      });
    },
    stop: stopBar,
  };
}
