import { utilityProcess } from 'electron';
import type { LaunchHost } from '../app/host-process.js';

/**
 * The desktop app's core host: an Electron utility process (as Actual Budget runs its server),
 * so SQLite, jobs and the scheduler never share the thread that draws windows and answers the
 * tray. It talks over `process.parentPort`, which the host finds by itself.
 */
export function forkUtilityHost(entry: string): LaunchHost {
  return (options) => {
    const child = utilityProcess.fork(entry, [JSON.stringify(options)], {
      serviceName: 'Podium core',
      stdio: 'inherit',
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return exited ? undefined : child.pid;
      },
      post: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
      onExit: (listener) => {
        child.once('exit', (code) => listener(code));
      },
      kill: () => {
        // child.kill() is SIGTERM, which the host takes as "close gracefully"; this is the hard stop.
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      },
    };
  };
}
