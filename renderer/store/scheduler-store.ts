import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type { JobRun, PodiumClient, ScheduledJob } from '../../main/contract/index.js';
import type { JobsStore } from './jobs-store.js';
import { idle, loading, type Remote, settle } from './remote.js';
import type { Tone } from './tone.js';

export function runOutcomeTone(outcome: JobRun['outcome']): Tone {
  switch (outcome) {
    case 'succeeded':
      return 'ok';
    case 'running':
      return 'info';
    case 'skipped':
      return 'neutral';
    case 'failed':
      return 'bad';
  }
}

export type SchedulerState = {
  jobs: Remote<ScheduledJob[]>;
  history: Remote<JobRun[]>;
  runNowError: PodiumErrorData | null;
  started: Record<string, number>;
  load(): Promise<void>;
  runNow(job: string): Promise<void>;
};

export function createSchedulerStore(client: PodiumClient, jobs: JobsStore) {
  return createStore<SchedulerState>()((set, get) => ({
    jobs: idle(),
    history: idle(),
    runNowError: null,
    started: {},
    async load() {
      set({ jobs: loading(get().jobs), history: loading(get().history) });
      const [list, history] = await Promise.all([
        client.sendCatch('scheduler.jobs', {}),
        client.sendCatch('scheduler.history', { limit: 50 }),
      ]);
      set({ jobs: settle(get().jobs, list), history: settle(get().history, history) });
    },
    async runNow(job) {
      set({ runNowError: null });
      const result = await client.sendCatch('scheduler.runNow', { job });
      if (result.error !== undefined) {
        set({ runNowError: result.error });
        return;
      }
      jobs.getState().track(result.data.jobId, 'cycle', `${job} (run now)`);
      set({ started: { ...get().started, [job]: result.data.jobId } });
      await get().load();
    },
  }));
}

export type SchedulerStore = ReturnType<typeof createSchedulerStore>;
