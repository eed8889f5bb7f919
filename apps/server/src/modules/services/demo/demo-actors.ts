// Who acts in the demo history: principals loaded by username (a department's own reviewer and
// approver where the demo city has them), and each applicant's scanned material, uploaded once
// through the file service so reviewers can open it like any other upload.
import { Readable } from 'node:stream';
import type { AppContext } from '../../../platform/http/context.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { loadUserPrincipal } from '../../../platform/auth/sessions.ts';
import { storeUpload } from '../../../platform/files/file-service.ts';
import { principalIdentity } from '../../../platform/idempotency/principal-identity.ts';
import { createHash } from 'node:crypto';

// The smallest PDF file-type recognizes: what a scanner would hand the demo applicants.
const DEMO_SCAN = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

export interface DemoActors {
  /** The user's principal, or undefined when the demo city has no such account. */
  byUsername(username: string): Promise<Principal | undefined>;
  /** The department's own staff in `role` (reviewer.gaj …), or the city-wide account. */
  staffOf(role: 'reviewer' | 'approver', departmentCode: string): Promise<Principal>;
  /** The sha256 of the principal's scanned material (uploaded on first use). */
  scanOf(principal: Principal): Promise<string>;
}

export function demoActors(ctx: AppContext): DemoActors {
  const principals = new Map<string, Promise<Principal | undefined>>();
  const scans = new Map<string, Promise<string>>();
  const byUsername = (username: string) => {
    let p = principals.get(username);
    if (!p) {
      p = (async () => {
        const user = await ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst();
        if (!user) return undefined;
        return (
          (await loadUserPrincipal(ctx.db, user.id, { sessionId: null, isCookieAuth: false })) ??
          undefined
        );
      })();
      principals.set(username, p);
    }
    return p;
  };
  return {
    byUsername,
    async staffOf(role, departmentCode) {
      const abbr = departmentCode.replace(/^CQ-/, '').toLowerCase();
      const own = await byUsername(`${role}.${abbr}`);
      const principal = own ?? (await byUsername(role));
      if (!principal) throw new Error(`the demo city has no ${role} account`);
      return principal;
    },
    scanOf(principal) {
      const identity = principalIdentity(principal);
      let p = scans.get(identity);
      if (!p) {
        p = uploadScan(ctx, principal);
        scans.set(identity, p);
      }
      return p;
    },
  };
}

/** Uploads the scan as the principal; without a writable data directory, records it only. */
async function uploadScan(ctx: AppContext, principal: Principal): Promise<string> {
  try {
    const stored = await storeUpload(
      ctx.db,
      {
        dataDir: ctx.config.dataDir,
        maxBytes: 1024 * 1024,
        allowedMediaTypes: ['application/pdf'],
      },
      principal,
      { stream: Readable.from([DEMO_SCAN]), filename: '材料扫描件.pdf' },
    );
    return stored.sha256;
  } catch {
    // Tests run without a data directory: the rows alone let the records link the file.
    const sha256 = createHash('sha256').update(DEMO_SCAN).digest('hex');
    const identity = principalIdentity(principal);
    const regionCode = principal.regionCode ?? '500000';
    await ctx.db
      .insertInto('files')
      .values({
        sha256,
        size: DEMO_SCAN.length,
        media_type: 'application/pdf',
        created_by: identity,
        region_code: regionCode,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await ctx.db
      .insertInto('file_refs')
      .values({
        sha256,
        owner_type: 'upload',
        owner_id: identity,
        region_code: regionCode,
        name: '材料扫描件.pdf',
      })
      .onConflict((oc) => oc.columns(['sha256', 'owner_type', 'owner_id']).doNothing())
      .execute();
    return sha256;
  }
}
