// Photos of a case (the report, before/after handling, verification): uploaded files the caller
// may see, images only, linked to the case so whoever may see the case may see them.
import type { Db } from '../../../platform/db/database.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { findAccessibleFile, linkFile } from '../../../platform/files/index.ts';

export const CASE_FILE_OWNER = 'case';

/** Checks a list of photo hashes from a request; 400 naming the field for a bad one. */
export async function checkPhotos(
  db: Db,
  principal: Principal,
  value: unknown,
  field: string,
): Promise<string[]> {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 9) {
    throw invalid(field, `${field} must be a list of at most 9 uploaded photos (sha256)`);
  }
  const photos = [...new Set(value as unknown[])];
  for (const [i, sha] of photos.entries()) {
    const where = `${field}[${i}]`;
    if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) {
      throw invalid(where, `${where} must be the sha256 of an uploaded file`);
    }
    const file = await findAccessibleFile(db, principal, sha);
    if (!file) throw invalid(where, `${where}: no file you uploaded has this sha256`);
    if (!file.mediaType.startsWith('image/')) {
      throw new AppError(
        'unsupported_media_type',
        `${where} is a ${file.mediaType} file; a photo must be an image (JPEG, PNG, WebP ...)`,
        { field: where, mediaType: file.mediaType },
      );
    }
  }
  return photos as string[];
}

/** Links checked photos to the case (in the caller's transaction). */
export async function linkPhotos(
  trx: Db,
  principal: Principal,
  caseId: number,
  regionCode: string,
  photos: readonly string[],
  name: string,
): Promise<void> {
  for (const sha256 of photos) {
    await linkFile(trx, {
      sha256,
      ownerType: CASE_FILE_OWNER,
      ownerId: caseId,
      regionCode,
      name,
      by: principal,
    });
  }
}
