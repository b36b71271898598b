export { type JobControl, JobRunner } from './job-runner.js';
