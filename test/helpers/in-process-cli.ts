import assert from 'node:assert/strict';
import { Command } from 'commander';

export type CommandOutcome<T> = { exitCode: number; json: T };

/**
 * Runs one command of a program holding only the given commands, in this process (so a test can
 * share its trained workspace), as `podium <args> --json` would: its JSON and its exit code.
 */
export async function commandOutcome<T>(
  registers: ((program: Command) => void)[],
  workspaceDir: string,
  args: string[],
): Promise<CommandOutcome<T>> {
  const program = new Command('podium').option('--workspace <dir>').exitOverride();
  for (const register of registers) register(program);
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // The test runner reports on stdout too: keep only the command's JSON document.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('{')) {
      printed.push(chunk);
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'podium', '--workspace', workspaceDir, ...args, '--json']);
  } finally {
    process.stdout.write = write;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { exitCode, json: JSON.parse(printed.join('')) as T };
}

/** The same, for a command that must succeed. */
export async function commandJson<T>(
  registers: ((program: Command) => void)[],
  workspaceDir: string,
  args: string[],
): Promise<T> {
  const outcome = await commandOutcome<T>(registers, workspaceDir, args);
  assert.equal(outcome.exitCode, 0, `podium ${args.join(' ')} failed: ${JSON.stringify(outcome.json)}`);
  return outcome.json;
}
