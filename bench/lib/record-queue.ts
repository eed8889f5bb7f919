// Records the load works on, handed out one at a time: a record is never acted on by two
// requests at once (that would measure lock waits and conflicts, not transitions), and
// records are reused round-robin so the work spreads over all of them.
export class RecordQueue<T> {
  readonly #idle: T[] = [];
  readonly #waiting: Array<(item: T) => void> = [];

  constructor(items: Iterable<T>) {
    this.#idle.push(...items);
  }

  get idleCount() {
    return this.#idle.length;
  }

  /** The longest-idle record; waits when every record is in use. */
  async take(): Promise<T> {
    const item = this.#idle.shift();
    if (item !== undefined) return item;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Returns a record; a waiting taker gets it first. */
  give(item: T): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter(item);
    else this.#idle.push(item);
  }
}
