import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { benchCompare } from './compare-bench.js';
import { benchDrift } from './drift-bench.js';
import { benchIngest } from './ingest-bench.js';
import { benchPredict } from './predict-bench.js';
import { benchQuality } from './quality-bench.js';
import { benchServing } from './serving-bench.js';
import { benchShadow } from './shadow-bench.js';
import { benchTraining } from './training-bench.js';
import { benchTrees } from './trees-bench.js';

/**
 * `npm run bench`: runs every benchmark in one process, one after another, and writes the
 * figures with the command and the machine to BENCHMARKS.md. Benchmarks print figures; tests
 * assert correctness. `npm run bench -- serving` runs only the named benchmarks and prints them
 * without rewriting BENCHMARKS.md (the other sections would be lost).
 */
const only = process.argv.slice(2);
const sections: string[] = [];
for (const [name, bench] of [
  ['ingest', benchIngest],
  ['training', benchTraining],
  ['tree ensembles', benchTrees],
  ['default model quality', benchQuality],
  ['model comparison', benchCompare],
  ['serving', benchServing],
  ['shadow tests', benchShadow],
  ['drift', benchDrift],
  ['batch prediction', benchPredict],
] as const) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  sections.push(await bench());
}

const cpu = cpus();
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
  `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ${process.platform}/${process.arch}.`,
  'These machines are shared and noisy: compare medians and ratios measured in the same run, not single figures across runs.',
  '',
].join('\n');
if (only.length === 0) await writeFile('BENCHMARKS.md', `${header}\n${sections.join('\n')}`);
process.stdout.write(`${header}\n${sections.join('\n')}`);
