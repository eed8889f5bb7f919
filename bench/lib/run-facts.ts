// Facts recorded with every run: the machine, the versions, the commit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './commands.ts';
import { readServerVersion } from './postgres-admin.ts';
import { repoRoot } from './paths.ts';
import type { Machine, Versions } from './report.ts';

export function readMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

function readPackageVersion(name: string): string {
  for (const base of [path.join(repoRoot, 'apps/server'), repoRoot]) {
    const file = path.join(base, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    }
  }
  return 'not installed';
}

export async function readVersions(adminUrl: string): Promise<Versions> {
  const pgbench = await runCommand('pgbench', ['--version']).then(
    (r) => r.stdout.trim(),
    () => 'not installed',
  );
  return {
    node: process.version,
    postgres: await readServerVersion(adminUrl),
    pgbench,
    pglite: readPackageVersion('@electric-sql/pglite'),
    citygov: (
      JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version,
  };
}

export async function readGitState(): Promise<{ commit: string; isDirty: boolean }> {
  try {
    const commit = (
      await runCommand('git', ['rev-parse', 'HEAD'], { cwd: repoRoot })
    ).stdout.trim();
    const status = (await runCommand('git', ['status', '--porcelain'], { cwd: repoRoot })).stdout;
    return { commit, isDirty: status.trim().length > 0 };
  } catch {
    return { commit: 'unknown', isDirty: true };
  }
}
