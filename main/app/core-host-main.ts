/**
 * The core host's process entry: `utilityProcess.fork` (desktop) and `child_process.fork`
 * (browser mode, tests) both start this file with its options as one JSON argument.
 */
import { parseEnvironment } from '../workspace/index.js';
import { runCoreHost } from './core-host.js';
import type { CoreHostOptions } from './core-host-protocol.js';
import { currentProcessPort } from './host-port.js';

// Ctrl-C in a terminal reaches the whole process group; the shell that started this host
// decides when it stops (it sends `stop`), so the host does not die half-way through a write.
process.on('SIGINT', () => {});

const port = currentProcessPort();
// The options are the one argument that is a JSON object: argv[2] under Node and, as Electron
// sets a utility process's argv the same way, there too; looking for it does not depend on that.
const host = runCoreHost(
  port,
  readOptions(process.argv.slice(2).find((arg) => arg.startsWith('{'))),
  (error) => {
    // Stacks stay on this process's stderr (the shell's terminal or log), never on the channel.
    process.stderr.write(
      `podium core: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  },
);
process.on('SIGTERM', () => void host.close());
const how = await host.closed;
await port.flush();
// Timers and sockets left by closed services must not keep a host nobody talks to alive.
process.exit(how === 'failed' ? 1 : 0);

function readOptions(argument: string | undefined): CoreHostOptions {
  const parsed = JSON.parse(argument ?? '{}') as Partial<CoreHostOptions>;
  if (typeof parsed.devDir !== 'string' || parsed.devDir === '') {
    throw new Error('The core host needs {"devDir": …} as its argument');
  }
  return {
    devDir: parsed.devDir,
    environment: parseEnvironment(parsed.environment ?? 'dev', 'environment'),
    withScheduler: parsed.withScheduler === true,
    ...(typeof parsed.actor === 'string' ? { actor: parsed.actor } : {}),
  };
}
