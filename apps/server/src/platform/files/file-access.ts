// Who may see a stored file: whoever uploaded it, and whoever the module owning a record
// that uses the file lets see that record. Everyone else is told it does not exist.
import type { Db } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { principalIdentity } from '../idempotency/principal-identity.ts';

/** Says whether the principal may see the record `ownerId` (and so the files it uses). */
export type FileAccessChecker = (principal: Principal, ownerId: string) => Promise<boolean>;

/** Reserved owner type of the uploader rows. */
export const UPLOAD_OWNER_TYPE = 'upload';
const ownerTypePattern = /^[a-z][a-z0-9_.-]{0,63}$/;
// A file used by very many records (a blank form, say) is checked against this many at most.
const maxRefsChecked = 200;

const checkers = new Map<string, FileAccessChecker>();

/** Lets a module decide who may see files linked to its records of `ownerType`. */
export function registerFileAccess(ownerType: string, checker: FileAccessChecker): void {
  if (!ownerTypePattern.test(ownerType) || ownerType === UPLOAD_OWNER_TYPE) {
    throw new Error(`file owner type "${ownerType}" is reserved or malformed`);
  }
  // Replaces an earlier checker: a module registers again when a second app is built (tests).
  checkers.set(ownerType, checker);
}

export interface FileGrant {
  mediaType: string;
  size: number;
  /** The name the file goes by for this caller, when one is known. */
  name: string | null;
}

/** The file's metadata when the principal may see it; null otherwise (or when it does not exist). */
export async function findAccessibleFile(
  db: Db,
  principal: Principal,
  sha256: string,
): Promise<FileGrant | null> {
  if (principal.kind === 'anonymous') return null;
  const file = await db
    .selectFrom('files')
    .select(['media_type', 'size'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!file) return null;
  const grant = (name: string | null): FileGrant => ({
    mediaType: file.media_type,
    size: Number(file.size),
    name,
  });
  const own = await db
    .selectFrom('file_refs')
    .select('name')
    .where('sha256', '=', sha256)
    .where('owner_type', '=', UPLOAD_OWNER_TYPE)
    .where('owner_id', '=', principalIdentity(principal))
    .executeTakeFirst();
  if (own) return grant(own.name);
  const types = [...checkers.keys()];
  if (types.length === 0) return null;
  const refs = await db
    .selectFrom('file_refs')
    .select(['owner_type', 'owner_id', 'name'])
    .where('sha256', '=', sha256)
    .where('owner_type', 'in', types)
    .orderBy('created_at', 'desc')
    .limit(maxRefsChecked)
    .execute();
  for (const ref of refs) {
    const checker = checkers.get(ref.owner_type);
    if (checker && (await checker(principal, ref.owner_id))) return grant(ref.name);
  }
  return null;
}

export interface FileLink {
  sha256: string;
  ownerType: string;
  ownerId: string | number;
  regionCode: string;
  /** The name the record knows the file by (e.g. the material's name). */
  name?: string | null;
  /**
   * Who asks for the link. Pass it whenever the sha256 came from a request: the link is then
   * refused unless that principal may already see the file, so knowing a hash is not enough
   * to reach someone else's upload.
   */
  by?: Principal;
}

/** Links a stored file to a record that uses it (in the caller's transaction). */
export async function linkFile(trx: Db, link: FileLink): Promise<void> {
  if (!ownerTypePattern.test(link.ownerType) || link.ownerType === UPLOAD_OWNER_TYPE) {
    throw new Error(`file owner type "${link.ownerType}" is reserved or malformed`);
  }
  if (!/^[0-9a-f]{64}$/.test(link.sha256)) {
    throw invalid('sha256', 'sha256 must be 64 lower-case hex digits');
  }
  const isVisible = link.by
    ? (await findAccessibleFile(trx, link.by, link.sha256)) !== null
    : (await trx
        .selectFrom('files')
        .select('sha256')
        .where('sha256', '=', link.sha256)
        .executeTakeFirst()) !== undefined;
  if (!isVisible) throw notFound('file', link.sha256);
  await trx
    .insertInto('file_refs')
    .values({
      sha256: link.sha256,
      owner_type: link.ownerType,
      owner_id: String(link.ownerId),
      region_code: link.regionCode,
      name: link.name ?? null,
    })
    .onConflict((oc) => oc.columns(['sha256', 'owner_type', 'owner_id']).doNothing())
    .execute();
}

/** Removes a record's link to a file (the bytes stay: other records may use them). */
export async function unlinkFile(
  trx: Db,
  link: Pick<FileLink, 'sha256' | 'ownerType' | 'ownerId'>,
): Promise<void> {
  await trx
    .deleteFrom('file_refs')
    .where('sha256', '=', link.sha256)
    .where('owner_type', '=', link.ownerType)
    .where('owner_id', '=', String(link.ownerId))
    .execute();
}
