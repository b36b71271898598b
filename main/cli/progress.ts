import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type cliProgressModule from 'cli-progress';
import type { Progress } from '../contract/index.js';

// Required when the first bar is drawn, not when `podium` starts (cli-progress is CommonJS).
const requireModule = createRequire(import.meta.url);
const cliProgress = (): typeof cliProgressModule => requireModule('cli-progress');

/** Steps that are not training: their last event's message is worth a line. */
const ANNOUNCED_STEPS = new Set(['ingest', 'evaluate']);

/** Steps counted in bytes of a file, with what their bar says is done to it. */
export const FILE_STEPS: Readonly<Record<string, string>> = { read: 'reading', predict: 'scoring' };

/**
 * The CLI's one progress reporter: an operation's or job's progress as the event hub carries it
 * (`{step, current, total}`), on stderr: a live epoch bar per candidate on a terminal, a few
 * plain lines otherwise (CI logs and pipes should not fill with carriage returns). Silent with
 * --json so stdout stays parseable. Training's epochs arrive as step `epoch` with the candidate
 * in `message` ("gbm (2/5)") and loss, validation loss and seconds left in `metrics`; its phases
 * (loading, fitting…) as their own step with the candidate as message. A file's read arrives as
 * step `read` in bytes with the file as message, a batch prediction's as step `predict`.
 */
export function createProgressReporter(options: { json: boolean }): {
  onProgress: (progress: Progress) => void;
  stop: () => void;
} {
  if (options.json) return { onProgress: () => {}, stop: () => {} };
  const interactive = Boolean(process.stderr.isTTY);
  let bar: cliProgressModule.SingleBar | null = null;
  let currentCandidate: string | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  return {
    onProgress: (progress) => {
      const verb = FILE_STEPS[progress.step];
      if (verb !== undefined) {
        // A file's bytes: a bar only on a terminal, and only while there is something left to read.
        if (!interactive) return;
        if (bar === null && progress.current < progress.total) {
          bar = new (cliProgress().SingleBar)(
            {
              format: `${verb} ${basename(progress.message ?? 'file')} [{bar}] {percentage}% | {read} of {size} MB`,
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress().Presets.shades_classic,
          );
          bar.start(progress.total, 0, { read: '0', size: megabytes(progress.total) });
        }
        bar?.update(progress.current, { read: megabytes(progress.current) });
        if (progress.current >= progress.total) stopBar();
        return;
      }
      if (ANNOUNCED_STEPS.has(progress.step)) {
        stopBar();
        if (progress.message && progress.current === progress.total)
          process.stderr.write(`${progress.message}\n`);
        return;
      }
      const label = `training ${progress.message ?? 'model'}`;
      // Phase events (loading, fitting…) carry no epoch count: they only announce a candidate.
      if (progress.step !== 'epoch') {
        if (!interactive && progress.message !== currentCandidate) {
          currentCandidate = progress.message;
          process.stderr.write(`${label}…\n`);
        }
        return;
      }
      if (!interactive) return;
      if (progress.message !== currentCandidate) {
        stopBar();
        currentCandidate = progress.message;
      }
      if (bar === null) {
        bar = new (cliProgress().SingleBar)(
          {
            format: `${label} [{bar}] epoch {value}/{total} | loss {loss} | val_loss {val} | ~{left}s left`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress().Presets.shades_classic,
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

function megabytes(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(1);
}
