// Runs external programs (psql, pgbench, git) and returns their output.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export class CommandError extends Error {}

/** Runs a program to completion; throws CommandError with its stderr when it fails. */
export async function runCommand(
  file: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      timeout: opts.timeoutMs ?? 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
      encoding: 'utf8',
    });
    return { stdout, stderr };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string; stdout?: string };
    if (e.code === 'ENOENT') throw new CommandError(`${file} is not installed (not on PATH)`);
    const detail = (e.stderr || e.stdout || e.message).trim().split('\n').slice(-5).join('\n');
    throw new CommandError(`${file} ${args.join(' ')} failed:\n${detail}`);
  }
}
