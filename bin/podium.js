#!/usr/bin/env node
// The CLI runs the compiled core; `npm ci` builds it (the "prepare" script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('podium: not built yet; run `npm run build` in the Podium folder first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
