import type { Command } from 'commander';
import type { CoreHostClient } from '../../app/index.js';
import { DEFAULT_UI_PORT } from '../../server/default-ui-port.js';
import type { UiServer } from '../../server/index.js';
import { type GlobalOptions, selectedWorkspace } from '../context.js';
import { exitCodeFor, print, printJson, reportError } from '../output.js';
import { portOrZero } from '../parse-options.js';
import { untilStopped } from '../until-stopped.js';

type UiOptions = { port: number; host: string; open: boolean };

export function registerUi(program: Command): void {
  program
    .command('ui')
    .description('Serve the Podium views in your browser (127.0.0.1 only, with a token made at each launch)')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', portOrZero, DEFAULT_UI_PORT)
    .option('--host <host>', 'loopback address to bind: 127.0.0.1, ::1 or localhost', '127.0.0.1')
    .option('--no-open', 'print the URL without opening a browser')
    .action(async (options: UiOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const json = Boolean(globals.json);
      let core: CoreHostClient | null = null;
      let server: UiServer | null = null;
      try {
        const { devDir, environment } = await selectedWorkspace(command);
        const { CoreHostClient, forkNodeHost } = await import('../../app/index.js');
        const { openInBrowser, startUiServer } = await import('../../server/index.js');
        // The core (workspace, jobs, services) runs in its own process, so a heavy operation
        // never holds up this one's HTTP server, static files or WebSocket.
        core = await CoreHostClient.start({
          launch: forkNodeHost(),
          host: { devDir, environment },
          onStatus: (status, error) => {
            if (status === 'restarting') process.stderr.write('podium: the core stopped; restarting it\n');
            if (status === 'failed') process.stderr.write(`podium: ${error?.message}\n`);
          },
        });
        server = await startUiServer({ api: core, host: options.host, port: options.port });
        if (json) printJson({ url: server.url, launchUrl: server.launchUrl });
        else {
          print(`Podium UI: ${server.launchUrl}`);
          print('Keep this URL to yourself: its token opens the API. Ctrl-C stops the UI and its services.');
        }
        if (options.open) openInBrowser(server.launchUrl);
        await untilStopped();
        if (!json) print('Stopping: jobs, services, database…');
      } catch (error) {
        reportError(error, json);
        process.exitCode = exitCodeFor(error);
      } finally {
        await server?.close();
        await core?.close();
      }
      if (!json && process.exitCode === undefined) print('Stopped.');
    });
}
