/**
 * Runs synchronous jobs (parsing a note) one after another in slices: jobs start while the current
 * slice has run for less than `sliceMs`, then the event loop gets a turn (I/O, timers, other
 * extensions' work) before the next slice. A job is never split, so the event loop is blocked for at
 * most a slice plus the longest job, however many jobs are queued (10,000 notes of a course).
 *
 * Jobs run in the order they were queued. A job that throws rejects its own promise only.
 */
export class TimeSlicer {
  private readonly queue: (() => void)[] = [];
  private head = 0;
  private scheduled = false;

  /**
   * @param sliceMs how long a slice may run jobs before it yields
   * @param now the clock (milliseconds); tests pass their own
   * @param defer how the next slice is scheduled; by default `setImmediate`, after pending I/O and timers
   */
  constructor(
    private readonly sliceMs = 10,
    private readonly now: () => number = () => performance.now(),
    private readonly defer: (next: () => void) => void = (next) => setImmediate(next),
  ) {}

  /** Queues `job`; resolves with what it returns (or rejects with what it throws) once it has run. */
  run<T>(job: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(job());
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  /** Jobs queued and not run yet. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      this.defer(() => this.slice());
    }
  }

  private slice(): void {
    const start = this.now();
    // `scheduled` stays set while jobs run, so a job that queues another one adds it to this slice.
    while (this.head < this.queue.length) {
      const job = this.queue[this.head];
      this.queue[this.head++] = noop; // the job's closure (and the text it holds) can go now
      job();
      if (this.now() - start >= this.sliceMs) {
        break;
      }
    }
    this.scheduled = false;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      return;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.schedule();
  }
}

function noop(): void {
  // A job that has run.
}
