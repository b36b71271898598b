import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { benchCompare } from './compare-bench.js';
import { benchDisasterDrill } from './disaster-drill-bench.js';
import { benchDle } from './dle-bench.js';
import { benchDrift } from './drift-bench.js';
import { benchIngest } from './ingest-bench.js';
import { benchLayers } from './layers-bench.js';
import { benchOnnxBackend } from './onnx-backend-bench.js';
import { benchPredict } from './predict-bench.js';
import { benchQuality } from './quality-bench.js';
import { benchReliability } from './reliability-bench.js';
import { benchResponsiveness } from './responsiveness-bench.js';
import { benchServing } from './serving-bench.js';
import { benchShadow } from './shadow-bench.js';
import { benchSnapshotColumns } from './snapshot-columns-bench.js';
import { benchTraining } from './training-bench.js';
import { benchTrees } from './trees-bench.js';

/**
 * `npm run bench [-- NAME…]`: runs the named benchmarks (all of them without a name) in one
 * process, one after another, and writes their figures with the command and the machine to
 * BENCHMARKS.md, or RELIABILITY.md for the reliability figures. A section that was not run
 * keeps what an earlier run wrote. Benchmarks print figures; tests assert correctness.
 */
type Bench = {
  name: string;
  title: string;
  file: 'BENCHMARKS.md' | 'RELIABILITY.md';
  run: () => Promise<string>;
};

const BENCHES: Bench[] = [
  { name: 'ingest', title: 'ingest', file: 'BENCHMARKS.md', run: benchIngest },
  {
    name: 'snapshot-columns',
    title: 'snapshot columns file',
    file: 'BENCHMARKS.md',
    run: benchSnapshotColumns,
  },
  { name: 'training', title: 'training', file: 'BENCHMARKS.md', run: benchTraining },
  { name: 'trees', title: 'tree ensembles', file: 'BENCHMARKS.md', run: benchTrees },
  { name: 'quality', title: 'default model quality', file: 'BENCHMARKS.md', run: benchQuality },
  { name: 'compare', title: 'model comparison', file: 'BENCHMARKS.md', run: benchCompare },
  { name: 'serving', title: 'serving', file: 'BENCHMARKS.md', run: benchServing },
  { name: 'shadow', title: 'shadow tests', file: 'BENCHMARKS.md', run: benchShadow },
  { name: 'drift', title: 'drift', file: 'BENCHMARKS.md', run: benchDrift },
  { name: 'predict', title: 'batch prediction', file: 'BENCHMARKS.md', run: benchPredict },
  {
    name: 'onnx-backend',
    title: 'ONNX Runtime as a scoring backend',
    file: 'BENCHMARKS.md',
    run: benchOnnxBackend,
  },
  { name: 'dle', title: 'label-free performance estimate', file: 'BENCHMARKS.md', run: benchDle },
  { name: 'layers', title: 'layers', file: 'BENCHMARKS.md', run: benchLayers },
  { name: 'responsiveness', title: 'responsiveness', file: 'BENCHMARKS.md', run: benchResponsiveness },
  { name: 'reliability', title: 'reliability', file: 'RELIABILITY.md', run: benchReliability },
  { name: 'disaster-drill', title: 'disaster drill', file: 'RELIABILITY.md', run: benchDisasterDrill },
];

const TITLES: Record<Bench['file'], string> = {
  'BENCHMARKS.md': 'Benchmarks',
  'RELIABILITY.md': 'Reliability',
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !BENCHES.some((bench) => bench.name === name));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: no benchmark named ${unknown.join(', ')}; choose from ${BENCHES.map((b) => b.name).join(', ')}\n`,
  );
  process.exit(2);
}
const selected = asked.length === 0 ? BENCHES : BENCHES.filter((bench) => asked.includes(bench.name));
const command = asked.length === 0 ? 'npm run bench' : `npm run bench -- ${asked.join(' ')}`;

const written = new Map<Bench['file'], string[]>();
for (const bench of selected) {
  process.stderr.write(`bench: ${bench.title}…\n`);
  const section = await bench.run();
  written.set(bench.file, [...(written.get(bench.file) ?? []), section]);
}

const cpu = cpus();
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ${process.platform}/${process.arch}`;
for (const [file, sections] of written) {
  const previous = await readFile(file, 'utf8').catch(() => '');
  const complete = BENCHES.filter((bench) => bench.file === file).every((bench) => selected.includes(bench));
  const text = complete
    ? `${header(file)}\n${sections.map(normalised).join('\n')}`
    : mergeSections(
        previous,
        sections,
        `Rerun by \`${command}\` on ${date} (${machine}): its sections only.`,
      );
  await writeFile(file, text);
  process.stdout.write(`${text}\n`);
}

function header(file: Bench['file']): string {
  return [
    `# ${TITLES[file]}`,
    '',
    `Written by \`${command}\` on ${date}.`,
    `Machine: a shared ${cpu.length}-core box, other jobs running alongside: ${machine}.`,
    'These machines are shared and noisy: compare medians and ratios measured in the same run, not single figures across runs.',
    ...(file === 'BENCHMARKS.md'
      ? [
          'Reliability figures (kills survived, malformed inputs against 5xx, recovery after a champion crash, failed requests during promotions under load) are in [RELIABILITY.md](RELIABILITY.md).',
        ]
      : []),
    '',
  ].join('\n');
}

/** One trailing newline, so sections join with exactly one blank line between them. */
function normalised(section: string): string {
  return section.replace(/\s*$/, '\n');
}

/**
 * The file as it was, with the new sections in place of those with the same `## ` heading (new
 * headings appended) and a line in its header saying which run replaced them.
 */
function mergeSections(previous: string, sections: string[], rerun: string): string {
  const parts = previous.split(/^(?=## )/m);
  const head = parts[0].startsWith('## ') ? '' : parts.shift()!;
  const headingOf = (section: string) => section.split('\n', 1)[0];
  const fresh = new Map(sections.map((section) => [headingOf(section), normalised(section)]));
  const merged = parts.map((section) => {
    const replacement = fresh.get(headingOf(section));
    fresh.delete(headingOf(section));
    return replacement ?? normalised(section);
  });
  return `${normalised(head)}${rerun}\n\n${[...merged, ...fresh.values()].join('\n')}`;
}
