/**
 * A note to whoever runs Podium, as one plain line on stderr: something was slower or chosen for
 * them, and the work went on. Not `process.emitWarning`, whose "(node:PID) [CODE] Warning: …
 * (Use `node --trace-warnings …`)" wrapping reads like a crash to a user.
 */
export function printNotice(message: string): void {
  process.stderr.write(`podium: note: ${message}\n`);
}
