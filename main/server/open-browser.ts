import { spawn } from 'node:child_process';

/**
 * Opens the UI in the user's browser. Best effort: on a machine without a desktop the printed
 * URL is what the user opens, so a missing opener is not an error.
 */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener: the URL is on the terminal.
  }
}
