// Storing an upload: stream to a temporary file while hashing, check size and type from the
// bytes, move it into place once, then record the file and its uploader.
import type { Readable } from 'node:stream';
import type { StoredFile } from '@citygov/contracts';
import { AppError } from '../errors.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { appendAudit } from '../audit/ledger.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { principalIdentity } from '../idempotency/principal-identity.ts';
import { commitStaged, discardStaged, stageStream } from './file-store.ts';
import { sniffMediaType } from './file-types.ts';
import { UPLOAD_OWNER_TYPE } from './file-access.ts';

export interface UploadPolicy {
  dataDir: string;
  maxBytes: number;
  allowedMediaTypes: readonly string[];
}

export interface IncomingFile {
  stream: Readable & { truncated?: boolean };
  /** The client's file name (untrusted). */
  filename: string | undefined;
}

export const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `A file may be at most ${maxBytes} bytes`, {
    field: 'file',
    maxBytes,
  });

/** A file name safe to keep and to send back: no path, no control characters, bounded. */
export function cleanFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const name = cleaned === '.' || cleaned === '..' ? '' : cleaned;
  return (name || fallback).slice(0, 255);
}

/** Stores the upload (once per content) and records the principal as one of its uploaders. */
export async function storeUpload(
  db: Db,
  policy: UploadPolicy,
  principal: Principal,
  incoming: IncomingFile,
): Promise<StoredFile> {
  const staged = await stageStream(policy.dataDir, incoming.stream);
  let isCommitted = false;
  try {
    // busboy stops at the limit and marks the stream truncated rather than failing it.
    if (incoming.stream.truncated || staged.size > policy.maxBytes) {
      throw tooLarge(policy.maxBytes);
    }
    const sniffed = await sniffMediaType(staged.tempPath);
    if (!policy.allowedMediaTypes.includes(sniffed.mediaType)) {
      throw new AppError(
        'unsupported_media_type',
        `Files of type ${sniffed.mediaType} are not accepted`,
        { field: 'file', detectedType: sniffed.mediaType, allowed: [...policy.allowedMediaTypes] },
      );
    }
    await commitStaged(policy.dataDir, staged);
    isCommitted = true;
    const name = cleanFileName(
      incoming.filename,
      `${staged.sha256.slice(0, 16)}.${sniffed.extension}`,
    );
    const identity = principalIdentity(principal);
    const regionCode = principal.regionCode ?? '500000';
    await inTransaction(db, async (trx) => {
      const inserted = await trx
        .insertInto('files')
        .values({
          sha256: staged.sha256,
          size: staged.size,
          media_type: sniffed.mediaType,
          created_by: identity,
          region_code: regionCode,
        })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .returning('sha256')
        .executeTakeFirst();
      await trx
        .insertInto('file_refs')
        .values({
          sha256: staged.sha256,
          owner_type: UPLOAD_OWNER_TYPE,
          owner_id: identity,
          region_code: regionCode,
          name,
        })
        .onConflict((oc) =>
          oc
            .columns(['sha256', 'owner_type', 'owner_id'])
            .doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
        )
        .execute();
      await appendAudit(trx, {
        actor: actorOf(principal),
        action: 'file.uploaded',
        subjectType: 'file',
        subjectId: staged.sha256,
        regionCode,
        data: { size: staged.size, mediaType: sniffed.mediaType, isNew: inserted !== undefined },
      });
    });
    return { sha256: staged.sha256, size: staged.size, mediaType: sniffed.mediaType, name };
  } finally {
    if (!isCommitted) await discardStaged(staged.tempPath);
  }
}
