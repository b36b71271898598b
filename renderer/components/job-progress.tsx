import { useStore } from 'zustand';
import { useStores } from '../stores-context.js';
import { ErrorNote, Pill, ProgressBar } from './notices.js';

/** Progress of one background job from its events, with cancel while it runs. */
export function JobProgress(props: { jobId: number; cancellable?: boolean; testId?: string }) {
  const stores = useStores();
  const job = useStore(stores.jobs, (state) => state.jobs[props.jobId]);
  const cancelError = useStore(stores.jobs, (state) => state.cancelError);
  if (job === undefined) return <ProgressBar current={0} total={0} label={`Job ${props.jobId} starting`} />;
  const tone = job.status === 'succeeded' ? 'ok' : job.status === 'running' ? 'info' : 'bad';
  return (
    <div className="stack" style={{ gap: 8 }} data-testid={props.testId ?? 'job-progress'}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div className="row">
          <strong>{job.label}</strong>
          <Pill tone={tone}>{job.status}</Pill>
        </div>
        {props.cancellable && job.status === 'running' ? (
          <button type="button" className="btn" onClick={() => void stores.jobs.getState().cancel(job.jobId)}>
            Cancel
          </button>
        ) : null}
      </div>
      {job.status === 'running' ? (
        <ProgressBar
          current={job.progress?.current ?? 0}
          total={job.progress?.total ?? 0}
          label={
            job.progress === null
              ? 'Starting'
              : `${job.progress.step}${job.progress.message ? ` — ${job.progress.message}` : ''}`
          }
        />
      ) : null}
      <ErrorNote error={job.error} title="The job failed" />
      <ErrorNote error={cancelError} title="Cancel failed" />
    </div>
  );
}
