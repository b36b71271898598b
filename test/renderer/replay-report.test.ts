import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplayReport } from '../../main/contract/index.js';
import { createJobsStore } from '../../renderer/store/jobs-store.js';
import {
  failedRequests,
  replayFailureRows,
  replayHeadline,
  replayReportOf,
} from '../../renderer/store/services-store.js';
import { standInClient } from './stand-in-client.js';

const report: ReplayReport = {
  sent: 180,
  ok: 149,
  failed: 31,
  labelled: 139,
  seconds: 2.04,
  statuses: { '200': 149, '400': 30, '0': 1 },
  failures: [
    { route: '/predict', status: 0, code: 'ECONNRESET', count: 1, examples: ['line 9: socket hang up'] },
    {
      route: '/predict',
      status: 400,
      code: 'INVALID_INPUT',
      count: 30,
      examples: ['line 4: signup_date: "31.02.2024" is not a date (DD.MM.YYYY)'],
    },
    {
      route: '/feedback',
      status: 400,
      code: 'BAD_REQUEST',
      count: 10,
      examples: [
        'line 12: field \'actual\' must be one of the classes of \'churned\': "No", "Yes" (got "Maybe")',
      ],
    },
  ],
};

test('a finished replay job gives its report: the headline and the failures, largest group first', () => {
  const stand = standInClient({});
  const jobs = createJobsStore(stand.client);
  const off = jobs.getState().attach();
  jobs.getState().track(7, 'replay', 'replay 20/s');
  assert.equal(replayReportOf(jobs.getState().jobs[7]), null, 'nothing while it runs');
  stand.emit('job.done', { jobId: 7, kind: 'replay', result: report });
  const done = replayReportOf(jobs.getState().jobs[7]);
  assert.ok(done !== null);
  assert.equal(
    replayHeadline(done),
    '180 rows sent: 149 answered, 31 failed; 139 labels stored, 10 refused (2.0 s)',
  );
  assert.equal(failedRequests(done), 41);
  assert.deepEqual(
    replayFailureRows(done).map((row) => [row.route, row.statusText, row.code, row.count, row.examples[0]]),
    [
      [
        '/predict',
        '400',
        'INVALID_INPUT',
        30,
        'line 4: signup_date: "31.02.2024" is not a date (DD.MM.YYYY)',
      ],
      [
        '/feedback',
        '400',
        'BAD_REQUEST',
        10,
        'line 12: field \'actual\' must be one of the classes of \'churned\': "No", "Yes" (got "Maybe")',
      ],
      ['/predict', 'no answer', 'ECONNRESET', 1, 'line 9: socket hang up'],
    ],
  );
  off();
});
