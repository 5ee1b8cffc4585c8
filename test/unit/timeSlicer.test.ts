import * as assert from 'node:assert/strict';
import { TimeSlicer } from '../../src/core/timeSlicer';

/** A slicer on a clock that only moves when a job says so, with the slices it deferred kept in a list. */
function manualSlicer(sliceMs: number) {
  let clock = 0;
  const deferred: (() => void)[] = [];
  const slicer = new TimeSlicer(
    sliceMs,
    () => clock,
    (next) => deferred.push(next),
  );
  return {
    slicer,
    spend: (ms: number) => (clock += ms),
    /** Runs the next deferred slice; false when none is waiting. */
    step: (): boolean => {
      const next = deferred.shift();
      next?.();
      return next !== undefined;
    },
    get waiting() {
      return deferred.length;
    },
  };
}

describe('TimeSlicer', () => {
  it('runs jobs in the order they were queued and resolves each with its result', async () => {
    const slicer = new TimeSlicer();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => slicer.run(() => n * 10)));
    assert.deepEqual(results, [10, 20, 30, 40, 50]);
    assert.equal(slicer.pending, 0);
  });

  it('stops a slice once it has run its time, and runs the rest in later slices', () => {
    const { slicer, spend, step } = manualSlicer(10);
    const ran: number[] = [];
    for (let n = 0; n < 10; n++) {
      void slicer.run(() => {
        ran.push(n);
        spend(3);
      });
    }
    const perSlice: number[] = [];
    while (step()) {
      perSlice.push(ran.length - perSlice.reduce((sum, count) => sum + count, 0));
    }
    // 3 ms a job, 10 ms a slice: a slice starts jobs at 0, 3, 6 and 9 ms.
    assert.deepEqual(perSlice, [4, 4, 2]);
    assert.deepEqual(ran, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('runs a job longer than a slice on its own, never splitting it', () => {
    const { slicer, spend, step } = manualSlicer(10);
    const ran: string[] = [];
    void slicer.run(() => {
      ran.push('long');
      spend(50);
    });
    void slicer.run(() => ran.push('next'));
    assert.ok(step());
    assert.deepEqual(ran, ['long']);
    assert.ok(step());
    assert.deepEqual(ran, ['long', 'next']);
    assert.equal(step(), false);
  });

  it('asks for one slice at a time, however many jobs are queued', () => {
    const manual = manualSlicer(10);
    for (let n = 0; n < 100; n++) {
      void manual.slicer.run(() => n);
    }
    assert.equal(manual.waiting, 1);
    assert.equal(manual.slicer.pending, 100);
  });

  it('rejects only the promise of a job that throws, and goes on with the others', async () => {
    const slicer = new TimeSlicer();
    const outcomes = await Promise.allSettled([slicer.run(() => 1), slicer.run(() => { throw new Error('bad note'); }), slicer.run(() => 3)]);
    assert.deepEqual(
      outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message)),
      [1, 'bad note', 3],
    );
  });

  it('runs a job queued by a running job, in the same slice when there is time left', () => {
    const { slicer, step } = manualSlicer(10);
    const ran: string[] = [];
    void slicer.run(() => {
      ran.push('outer');
      void slicer.run(() => ran.push('inner'));
    });
    assert.ok(step());
    assert.deepEqual(ran, ['outer', 'inner']);
    assert.equal(step(), false, 'no empty slice left behind');
  });

  it('gives the event loop a turn between slices (real clock and setImmediate)', async () => {
    const slicer = new TimeSlicer(5);
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // A parse, as far as the event loop can tell.
      }
    };
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) {
        setImmediate(count);
      }
    };
    setImmediate(count);
    await Promise.all(Array.from({ length: 40 }, () => slicer.run(() => busy(1))));
    counting = false;
    // 40 ms of jobs in slices of about 5 ms: the loop turned between them (not once at the end).
    assert.ok(turns >= 4, `the event loop turned ${turns} times while 40 jobs of 1 ms ran`);
  });
});
