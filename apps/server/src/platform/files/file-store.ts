// Files on disk: DATA_DIR/files/<first two hex digits>/<sha256>. The name is the content's
// hash, so the same bytes are stored once however often they are uploaded.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const filesRoot = (dataDir: string) => path.join(dataDir, 'files');

/** Where the file with this sha256 lives. */
export const storedPathOf = (dataDir: string, sha256: string) =>
  path.join(filesRoot(dataDir), sha256.slice(0, 2), sha256);

export interface StagedFile {
  tempPath: string;
  sha256: string;
  size: number;
}

/** Writes a stream to a temporary file (same disk as the store), hashing it on the way. */
export async function stageStream(dataDir: string, source: Readable): Promise<StagedFile> {
  const tempDir = path.join(filesRoot(dataDir), '.tmp');
  await fsp.mkdir(tempDir, { recursive: true });
  const tempPath = path.join(tempDir, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, fs.createWriteStream(tempPath, { flags: 'wx' }));
    // PGlite does not fsync; the files at least should survive a power cut once acknowledged.
    const handle = await fsp.open(tempPath, 'r');
    await handle.sync();
    await handle.close();
  } catch (error) {
    await discardStaged(tempPath);
    throw error;
  }
  return { tempPath, sha256: hash.digest('hex'), size };
}

export async function discardStaged(tempPath: string): Promise<void> {
  await fsp.rm(tempPath, { force: true });
}

/** Moves a staged file to its place, unless the same content is already stored. */
export async function commitStaged(dataDir: string, staged: StagedFile): Promise<void> {
  const target = storedPathOf(dataDir, staged.sha256);
  const existing = await fsp.stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === staged.size) {
    await discardStaged(staged.tempPath);
    return;
  }
  await fsp.mkdir(path.dirname(target), { recursive: true });
  // rename is atomic: a concurrent upload of the same bytes leaves one complete file.
  await fsp.rename(staged.tempPath, target);
}

/** A read stream of a stored file, or null when it is missing on disk. */
export async function openStored(dataDir: string, sha256: string): Promise<fs.ReadStream | null> {
  const target = storedPathOf(dataDir, sha256);
  try {
    const handle = await fsp.open(target, 'r');
    return handle.createReadStream();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
