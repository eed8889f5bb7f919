// The module's Prometheus series (/metrics). Created once per process; tests read deltas.
import { Gauge, Histogram } from 'prom-client';
import { counter, registry } from '../../platform/http/metrics.ts';

export const positionsReceived = counter(
  'citygov_telematics_positions_received_total',
  'Positions received, by source (jt808, http)',
  ['source'],
);
export const positionsStored = counter(
  'citygov_telematics_positions_stored_total',
  'Positions stored, by source',
  ['source'],
);
export const positionsRejected = counter(
  'citygov_telematics_positions_rejected_total',
  'Positions refused before storage, by source and reason',
  ['source', 'reason'],
);
export const positionsFailed = counter(
  'citygov_telematics_positions_failed_total',
  'Positions whose storage failed after retries (answered as failures so they are re-sent)',
);
export const flushRetries = counter(
  'citygov_telematics_flush_retries_total',
  'Position batches retried after a storage error',
);
export const listenerFailures = counter(
  'citygov_telematics_listener_failures_total',
  'Position listener calls that threw, by listener',
  ['listener'],
);
export const listenerDropped = counter(
  'citygov_telematics_listener_dropped_total',
  'Position deliveries dropped because listeners fell too far behind',
);
export const partitionsCreated = counter(
  'citygov_telematics_partitions_created_total',
  'Daily position partitions created by maintenance',
);

export const jt808Connections = counter(
  'citygov_jt808_connections_total',
  'JT/T 808 connections accepted',
);
export const jt808Closed = counter(
  'citygov_jt808_connections_closed_total',
  'JT/T 808 connections closed by the platform, by reason',
  ['reason'],
);
export const jt808Messages = counter(
  'citygov_jt808_messages_total',
  'JT/T 808 messages received, by message id (hex)',
  ['message'],
);
export const jt808FrameErrors = counter(
  'citygov_jt808_frame_errors_total',
  'Malformed JT/T 808 frames, by kind and what the gateway did (answered or dropped)',
  ['kind', 'action'],
);
export const jt808Replies = counter(
  'citygov_jt808_replies_total',
  'Platform replies sent, by message id (hex) and result',
  ['message', 'result'],
);
export const jt808Registrations = counter(
  'citygov_jt808_registrations_total',
  'Terminal registrations (0x0100), by 0x8100 result',
  ['result'],
);
export const jt808Authentications = counter(
  'citygov_jt808_authentications_total',
  'Terminal authentications (0x0102), by outcome',
  ['outcome'],
);

function gauge(name: string, help: string, collect: (this: Gauge) => void) {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge;
  return new Gauge({ name, help, registers: [registry], collect });
}

/** Sources the gauges read when scraped (every running gateway and pipeline). */
export const gaugeSources = {
  connections: new Set<() => number>(),
  bufferedPositions: new Set<() => number>(),
  pendingDeliveries: new Set<() => number>(),
};

const sum = (sources: Set<() => number>) => {
  let total = 0;
  for (const read of sources) total += read();
  return total;
};

gauge('citygov_jt808_connections', 'Open JT/T 808 connections', function () {
  this.set(sum(gaugeSources.connections));
});
gauge('citygov_telematics_positions_buffered', 'Positions waiting for storage', function () {
  this.set(sum(gaugeSources.bufferedPositions));
});
gauge(
  'citygov_telematics_listener_pending',
  'Position deliveries waiting for listeners',
  function () {
    this.set(sum(gaugeSources.pendingDeliveries));
  },
);

export const flushDuration =
  (registry.getSingleMetric('citygov_telematics_flush_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'citygov_telematics_flush_seconds',
    help: 'Time to store one batch of positions',
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
