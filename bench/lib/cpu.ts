// CPU accounting from /proc (Linux): who used the machine's cores during a phase. On a
// 2-core machine shared by server, database and load generator this explains the figures.
import fs from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux x86-64

/** CPU seconds (user + system) used so far by process `pid`, or null when unreadable. */
export function readProcessCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

export interface MachineCpuSample {
  busy: number;
  total: number;
}

/** Cumulative busy and total jiffies of all cores, or null when /proc/stat is unreadable. */
export function sampleMachineCpu(): MachineCpuSample | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** The share of all cores that was busy between two samples (0..1). */
export function busyShare(
  from: MachineCpuSample | null,
  to: MachineCpuSample | null,
): number | null {
  if (!from || !to || to.total === from.total) return null;
  return (to.busy - from.busy) / (to.total - from.total);
}

/** CPU seconds per process id, for processes that come and go (database backends). */
export type CpuSnapshot = Map<number, number>;

export function snapshotProcessesCpu(pids: readonly number[]): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const pid of pids) {
    const seconds = readProcessCpuSeconds(pid);
    if (seconds !== null) snapshot.set(pid, seconds);
  }
  return snapshot;
}

/** CPU seconds used between two snapshots; a process born in between counts from zero. */
export function cpuSecondsBetween(from: CpuSnapshot, to: CpuSnapshot): number {
  let total = 0;
  for (const [pid, seconds] of to) total += seconds - (from.get(pid) ?? 0);
  return total;
}
