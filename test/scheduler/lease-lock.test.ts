import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { after, test } from 'node:test';
import { LeaseLock, localOwner } from '../../main/scheduler/index.js';
import { openWorkspace } from '../../main/workspace/index.js';
import { defaultConfig, fakeClock, tempWorkspace } from '../helpers/workspace.js';

const MINUTE = 60_000;
const clock = fakeClock();
const workspace = tempWorkspace({ clock });
// A second connection to the same file stands in for a second process.
const other = openWorkspace(workspace.paths.root, { config: defaultConfig(), clock });
after(() => {
  other.close();
  workspace.cleanup();
});
const mine = new LeaseLock(workspace.db, clock);
const theirs = new LeaseLock(other.db, clock);

test('one holder at a time, across connections; release frees it', () => {
  assert.deepEqual(mine.acquire('lifecycle', 'a', 5 * MINUTE), { acquired: true, tookOverFrom: null });
  const busy = theirs.acquire('lifecycle', 'b', 5 * MINUTE);
  assert.equal(busy.acquired, false);
  assert.equal(busy.acquired ? null : busy.holder.owner, 'a');
  assert.equal(mine.acquire('lifecycle', 'a', 5 * MINUTE).acquired, false, 'not re-entrant');
  assert.equal(theirs.release('lifecycle', 'b'), false, 'only the holder releases');
  assert.equal(mine.release('lifecycle', 'a'), true);
  assert.equal(theirs.acquire('lifecycle', 'b', 5 * MINUTE).acquired, true);
  theirs.release('lifecycle', 'b');
});

test('a lease that is not renewed runs out, and the lock is taken over', () => {
  mine.acquire('lifecycle', 'dead', 5 * MINUTE);
  clock.advance(4 * MINUTE);
  assert.equal(theirs.acquire('lifecycle', 'b', 5 * MINUTE).acquired, false);
  clock.advance(MINUTE);
  assert.deepEqual(theirs.acquire('lifecycle', 'b', 5 * MINUTE), { acquired: true, tookOverFrom: 'dead' });
  assert.equal(mine.renew('lifecycle', 'dead', 5 * MINUTE), false, 'the old holder learns it lost the lock');
  clock.advance(4 * MINUTE);
  assert.equal(theirs.renew('lifecycle', 'b', 5 * MINUTE), true);
  clock.advance(4 * MINUTE);
  assert.equal(mine.acquire('lifecycle', 'c', 5 * MINUTE).acquired, false, 'renewal kept it');
  assert.deepEqual(theirs.liveOwners(), ['b']);
  assert.equal(mine.holder('lifecycle')?.owner, 'b');
});

test('a holder on this machine whose process is gone loses the lock at once, not after its lease', () => {
  // A child that has exited: its pid names no process any more.
  const child = spawnSync(process.execPath, ['-e', '0']);
  const deadOwner = `${hostname()}:${child.pid}:cli`;
  mine.acquire('cycle-lock', deadOwner, 5 * MINUTE);
  assert.deepEqual(theirs.acquire('cycle-lock', 'b', 5 * MINUTE), {
    acquired: true,
    tookOverFrom: deadOwner,
  });
  theirs.release('cycle-lock', 'b');

  // A live holder (this very process) keeps it until its lease runs out.
  mine.acquire('cycle-lock', localOwner('cli'), 5 * MINUTE);
  assert.equal(theirs.acquire('cycle-lock', 'b', 5 * MINUTE).acquired, false);
  mine.release('cycle-lock', localOwner('cli'));
});
