import assert from 'node:assert/strict';
import { Command } from 'commander';

/**
 * Runs one command of a program holding only the given commands, in this process (so a test can
 * share its trained workspace), and returns the command's JSON output.
 */
export async function commandJson<T>(
  registers: ((program: Command) => void)[],
  workspaceDir: string,
  args: string[],
): Promise<T> {
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
  try {
    await program.parseAsync(['node', 'podium', '--workspace', workspaceDir, ...args, '--json']);
  } finally {
    process.stdout.write = write;
  }
  assert.equal(process.exitCode ?? 0, 0, `podium ${args.join(' ')} failed: ${printed.join('')}`);
  return JSON.parse(printed.join('')) as T;
}
