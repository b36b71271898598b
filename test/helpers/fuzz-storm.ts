import { createRandom, type Random } from '../../main/common/random.js';
import type { FuzzCase } from './fuzz-bodies.js';

/** What came back: status 0 when nothing did (the error says why). */
export type Answer = { status: number; body: string; requestId?: string; error?: string };

export type Problem = { kind: 'contract' | 'answer'; message: string };

/**
 * What is wrong with an answer, whatever was sent: `contract` for a 5xx, no answer, or a 4xx
 * outside the {error: {code, message}} shape; `answer` for a 200 whose prediction is unusable.
 */
export function problemWith(route: string, answer: Answer): Problem | null {
  const contract = (message: string) => ({ kind: 'contract' as const, message });
  if (answer.status === 0) return contract(`no answer: ${answer.error}`);
  if (answer.status >= 500) return contract(`status ${answer.status}: ${answer.body.slice(0, 300)}`);
  if (answer.status >= 400) {
    let parsed: { error?: { code?: unknown; message?: unknown } };
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      return contract(`status ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 300)}`);
    }
    const error = parsed?.error;
    if (typeof error?.code !== 'string' || error.code === '')
      return contract(`status ${answer.status} without error.code: ${answer.body.slice(0, 300)}`);
    if (typeof error.message !== 'string' || error.message === '')
      return contract(`status ${answer.status} without error.message: ${answer.body.slice(0, 300)}`);
    return null;
  }
  if (answer.status === 200 && route.endsWith('predict')) {
    const unusable = (message: string) => ({ kind: 'answer' as const, message });
    let body: { predictions?: unknown[] };
    try {
      body = JSON.parse(answer.body);
    } catch {
      return unusable(`200 with a body that is not JSON: ${answer.body.slice(0, 300)}`);
    }
    const predictions = (route.endsWith('batch_predict') ? body.predictions : [body]) as {
      prediction?: unknown;
      probabilities?: Record<string, unknown>;
    }[];
    for (const prediction of predictions) {
      if (prediction.prediction === null || prediction.prediction === undefined)
        return unusable(`200 without a prediction: ${answer.body.slice(0, 300)}`);
      const probabilities = Object.values(prediction.probabilities ?? {});
      if (!probabilities.every((p) => typeof p === 'number' && Number.isFinite(p)))
        return unusable(`200 with non-finite probabilities: ${answer.body.slice(0, 300)}`);
    }
  }
  return null;
}

export type StormTally = {
  route: string;
  tried: number;
  statuses: Map<number, number>;
  /** 5xx answers (any status ≥ 500), counted whatever their body. */
  serverErrors: number;
  /** Broken contracts (5xx, no answer, 4xx outside the error shape): how many, and the first ten described. */
  broken: number;
  failures: string[];
  /** 200 answers with unusable predictions: how many, and the first ten described. */
  unusable: number;
  unusableAnswers: string[];
};

export type Storm = {
  name: string;
  route: string;
  count: number;
  concurrency: number;
  generate: (random: Random, index: number) => FuzzCase;
  send: (fuzz: FuzzCase) => Promise<Answer>;
};

/** Runs `count` cases with `concurrency` in flight; case i is generated from its own seed. */
export async function runStorm(seed: number, storm: Storm): Promise<StormTally> {
  const { route, count, concurrency, generate, send } = storm;
  const tally: StormTally = {
    route,
    tried: 0,
    statuses: new Map(),
    serverErrors: 0,
    broken: 0,
    failures: [],
    unusable: 0,
    unusableAnswers: [],
  };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const fuzz = generate(createRandom(seed + index * 7919 + route.length), index);
      const answer = await send(fuzz);
      tally.tried++;
      tally.statuses.set(answer.status, (tally.statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) tally.serverErrors++;
      const problem = problemWith(route, answer);
      if (problem === null) continue;
      const sent = typeof fuzz.body === 'string' ? fuzz.body : `bytes ${fuzz.body.toString('hex')}`;
      const line = `seed=${seed} route=${route} case=${index} kind=${fuzz.kind} content-type=${fuzz.contentType}: ${problem.message}\n    sent: ${sent.slice(0, 400)}`;
      const list = problem.kind === 'contract' ? tally.failures : tally.unusableAnswers;
      if (list.length < 10) list.push(line);
      if (problem.kind === 'answer') tally.unusable++;
      else tally.broken++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tally;
}

export function describeStorm(seed: number, tally: StormTally): string {
  const statuses = [...tally.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  return `fuzz ${tally.route}: ${tally.tried} bodies (seed ${seed}); statuses ${statuses.join(', ')}; 200s with unusable predictions: ${tally.unusable}`;
}
