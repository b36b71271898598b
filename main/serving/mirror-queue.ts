/**
 * Bounded, asynchronous work queue for mirrored requests. The champion's answer never waits on
 * it: a slow or dead shadow fills the queue and further mirrors are dropped (and counted)
 * instead of adding latency or memory to the live path.
 * Work is handed out in batches of up to `maxBatch` items: items wait up to `lingerMs` for
 * company (a full batch goes at once), and when a backlog builds the waiting items go together,
 * so a busy gateway pays one round trip per batch instead of one per request. Mirrors are not
 * on anyone's clock: a few milliseconds of lingering means the shadow is woken a few hundred
 * times a second instead of once per request, and wakes the cores the champion answers on less.
 */
export class MirrorQueue<T> {
  private items: T[] = [];
  /** Items handed to `work` and not finished yet. */
  private active = 0;
  private batchesActive = 0;
  private lingering: NodeJS.Timeout | null = null;
  dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly concurrency: number,
    private readonly work: (items: T[]) => Promise<void>,
    private readonly maxBatch = 1,
    /** Items that may share a batch with the first one taken (same credentials, say). */
    private readonly compatible: (first: T, next: T) => boolean = () => true,
    private readonly lingerMs = 0,
  ) {}

  offer(item: T): boolean {
    if (this.items.length >= this.limit) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    if (this.lingerMs <= 0 || this.items.length >= this.maxBatch) this.pump();
    else if (!this.lingering) {
      this.lingering = setTimeout(() => {
        this.lingering = null;
        this.pump();
      }, this.lingerMs);
    }
    return true;
  }

  get size(): number {
    return this.items.length + this.active;
  }

  private pump(): void {
    while (this.batchesActive < this.concurrency && this.items.length > 0) {
      const batch = this.take();
      this.active += batch.length;
      this.batchesActive++;
      this.work(batch)
        .catch(() => {})
        .finally(() => {
          this.active -= batch.length;
          this.batchesActive--;
          this.pump();
        });
    }
  }

  private take(): T[] {
    const items = this.items;
    const first = items[0];
    let count = 1;
    while (count < items.length && count < this.maxBatch && this.compatible(first, items[count])) count++;
    if (count === items.length) {
      this.items = [];
      return items;
    }
    return items.splice(0, count);
  }

  /** Resolves when everything queued has been sent (for shutdown and tests). */
  async idle(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
}
