// A few PostgreSQL connections in pg's pipeline mode (DR-9) for single statements outside any
// transaction, such as a workflow transition: statements from concurrent requests are written
// one after another without waiting for the previous answer, so a busy backend goes from one
// to the next instead of sleeping and being woken for each. Every statement still ends with
// its own Sync: it is its own transaction and fails alone.
//
// Only statements that hold no lock across round trips belong here (no BEGIN/COMMIT): one
// lane runs its statements in order, so a statement waiting for a row lock delays those
// queued behind it on the same lane; new statements go to the least busy lane.
//
// Lanes plan no parallel query (max_parallel_workers_per_gather 0 for their sessions): their
// statements read a few index entries, and starting workers costs milliseconds. A generic plan
// costed on skewed statistics once took two workers for an applicant's list of 20 (6 ms instead
// of 0.4 ms, 427 reads/s instead of 3,000).
import type { Duplex } from 'node:stream';
import pg from 'pg';

/**
 * Holds a lane's writes until the statements started in this tick are all written: pg writes
 * each statement with a system call of its own (it corks and uncorks the socket around it),
 * and a lane's answers arrive several to a read, so the statements that the requests waiting
 * for them send next leave in one write instead of one each. The hold ends when the tick's
 * promise continuations have run (process.nextTick runs after them), before any I/O.
 */
function holdWritesForTick(client: pg.Client): void {
  const stream = (client as unknown as { connection: { stream: Duplex } }).connection.stream;
  stream.cork();
  process.nextTick(uncork, stream);
}

const uncork = (stream: Duplex) => stream.uncork();

interface Lane {
  client: Promise<pg.Client>;
  inFlight: number;
}

export class PipelineLanes {
  private readonly config: pg.ClientConfig;
  private readonly lanes: Lane[] = [];
  private readonly max: number;
  private isEnded = false;

  constructor(config: pg.ClientConfig, max: number) {
    this.config = config;
    this.max = max;
  }

  /** Runs `query` on the least busy lane, opening another while all are busy (up to max). */
  async run<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
    if (this.isEnded) throw new Error('the database is closed');
    const lane = this.pick();
    lane.inFlight++;
    try {
      const client = await lane.client;
      holdWritesForTick(client);
      return await query(client);
    } finally {
      lane.inFlight--;
    }
  }

  private pick(): Lane {
    let best: Lane | undefined;
    for (const lane of this.lanes) if (!best || lane.inFlight < best.inFlight) best = lane;
    if (best && (best.inFlight === 0 || this.lanes.length >= this.max)) return best;
    return this.open();
  }

  private open(): Lane {
    const options = [this.config.options, '-c max_parallel_workers_per_gather=0']
      .filter(Boolean)
      .join(' ');
    const client = new pg.Client({ ...this.config, options, pipeline: true });
    const lane: Lane = { client: Promise.resolve(client), inFlight: 0 };
    // A broken connection leaves the set (its queries fail); the next statement opens another.
    const drop = () => {
      const i = this.lanes.indexOf(lane);
      if (i >= 0) this.lanes.splice(i, 1);
    };
    client.on('error', drop);
    client.on('end', drop);
    lane.client = client.connect().then(
      () => client,
      (error: unknown) => {
        drop();
        throw error;
      },
    );
    lane.client.catch(() => {}); // the statement that opened it reports the failure
    this.lanes.push(lane);
    return lane;
  }

  async end(): Promise<void> {
    this.isEnded = true;
    const lanes = this.lanes.splice(0);
    await Promise.all(
      lanes.map(async (lane) => {
        const client = await lane.client.catch(() => null);
        await client?.end().catch(() => {});
      }),
    );
  }
}
