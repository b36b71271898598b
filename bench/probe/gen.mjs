// Writes the 1,000,000 × 15 sample with Podium's own generator (`podium generate-data`), untimed:
//   node bench/probe/gen.mjs [rows] [drift]
import { mkdirSync } from 'node:fs';
import { PROBE_DATA, podium } from './common.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
const drift = process.argv[3] === 'drift';
mkdirSync(PROBE_DATA, { recursive: true });
const { writeSampleData } = await podium('main/data/index.js');
const file = await writeSampleData({ samples: rows, drift, seed: 42, outputDir: PROBE_DATA });
console.log(file);
