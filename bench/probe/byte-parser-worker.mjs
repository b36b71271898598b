import { parentPort, workerData } from 'node:worker_threads';
import { parseRange } from './byte-parser.mjs';

const { shared, start, end, kinds } = workerData;
const result = parseRange(Buffer.from(shared), start, end, kinds);
parentPort.postMessage(
  result,
  result.columns.map((column) => column.values.buffer),
);
