/**
 * Bounded, asynchronous work queue for mirrored requests. The champion's answer never waits on
 * it: a slow or dead shadow fills the queue and further mirrors are dropped (and counted)
 * instead of adding latency or memory to the live path.
 */
export class MirrorQueue<T> {
  private readonly items: T[] = [];
  private active = 0;
  dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly concurrency: number,
    private readonly work: (item: T) => Promise<void>,
  ) {}

  offer(item: T): boolean {
    if (this.items.length >= this.limit) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    this.pump();
    return true;
  }

  get size(): number {
    return this.items.length + this.active;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.items.length > 0) {
      const item = this.items.shift() as T;
      this.active++;
      this.work(item)
        .catch(() => {})
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }

  /** Resolves when everything queued has been sent (for shutdown and tests). */
  async idle(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
}
