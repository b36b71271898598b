import { Pool } from 'undici';

/** One request of the load: when it started (epoch ms), how it ended, which version answered. */
export type LoadOutcome = { at: number; status: number; ms: number; code?: string; version?: number };

/**
 * `workers` concurrent callers, each sending POST /predict back to back (cycling through
 * `bodies`) until `stop()`, which resolves with every request's outcome. A request without an
 * answer within `timeoutMs` counts as status 0: a hang is a failure, not a wait.
 */
export function startLoad(
  url: string,
  options: { workers: number; bodies: string[]; timeoutMs?: number; headers?: Record<string, string> },
): { stop(): Promise<LoadOutcome[]> } {
  const { workers, bodies } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const pool = new Pool(url, { connections: workers });
  const outcomes: LoadOutcome[] = [];
  let running = true;
  const worker = async (offset: number) => {
    for (let i = offset; running; i += workers) {
      const started = Date.now();
      try {
        const response = await pool.request({
          path: '/predict',
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: bodies[i % bodies.length],
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const answer = parseAnswer(await response.body.text());
        outcomes.push({
          at: started,
          status: response.statusCode,
          ms: Date.now() - started,
          code: answer.error?.code,
          version: answer.model_version,
        });
      } catch {
        outcomes.push({ at: started, status: 0, ms: Date.now() - started });
      }
    }
  };
  const all = Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
  return {
    stop: async () => {
      running = false;
      await all;
      await pool.close();
      return outcomes;
    },
  };
}

function parseAnswer(text: string): { model_version?: number; error?: { code?: string } } {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
