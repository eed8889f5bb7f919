// SQL of the bundles: definitions with their member items, saved whole.
import type { Db } from '../../../platform/db/database.ts';
import { findItems } from '../catalogue/item-repository.ts';
import type { BundleSpec } from './bundle-definition.ts';
import type { BundleMemberItem } from './bundle-merge.ts';
import type { BundleTables } from './bundle-tables.ts';

export const bundlesDb = (db: Db) => db.withTables<BundleTables>();

export interface LoadedBundle {
  spec: Omit<BundleSpec, 'members'>;
  /** Members whose item exists and is active, in seq order. */
  members: BundleMemberItem[];
  /** Whether every member item exists and is active (otherwise the bundle cannot be applied for). */
  isComplete: boolean;
}

/** Saves a definition (insert or replace, members included) in the caller's transaction. */
export async function saveBundle(trx: Db, spec: BundleSpec): Promise<void> {
  const values = {
    code: spec.code,
    region_code: spec.regionCode,
    name: spec.name,
    description: spec.description,
    audience: spec.audience,
    life_event_code: spec.lifeEventCode,
    fields: JSON.stringify(spec.fields),
    sort_order: spec.sortOrder,
  };
  await bundlesDb(trx)
    .insertInto('service_bundles')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
  await bundlesDb(trx)
    .deleteFrom('service_bundle_members')
    .where('bundle_code', '=', spec.code)
    .execute();
  await bundlesDb(trx)
    .insertInto('service_bundle_members')
    .values(
      spec.members.map((itemCode, i) => ({
        bundle_code: spec.code,
        seq: i + 1,
        item_code: itemCode,
        region_code: spec.regionCode,
      })),
    )
    .execute();
}

/** Active bundles (or the one with `code`) with their member items, in display order. */
export async function loadBundles(db: Db, code?: string): Promise<LoadedBundle[]> {
  const rows = await bundlesDb(db)
    .selectFrom('service_bundles')
    .selectAll()
    .where('status', '=', 'active')
    .$if(code !== undefined, (q) => q.where('code', '=', code!))
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  if (rows.length === 0) return [];
  const links = await bundlesDb(db)
    .selectFrom('service_bundle_members')
    .selectAll()
    .where(
      'bundle_code',
      'in',
      rows.map((r) => r.code),
    )
    .orderBy('bundle_code')
    .orderBy('seq')
    .execute();
  const items = new Map(
    (await findItems(db, [...new Set(links.map((l) => l.item_code))])).map((i) => [
      i.codes.code,
      i,
    ]),
  );
  return rows.map((r) => {
    const own = links.filter((l) => l.bundle_code === r.code);
    const members = own.flatMap((l) => {
      const item = items.get(l.item_code);
      return item && item.guide.status === 'active' ? [{ seq: l.seq, item }] : [];
    });
    return {
      spec: {
        code: r.code,
        regionCode: r.region_code,
        name: r.name,
        description: r.description,
        audience: r.audience,
        lifeEventCode: r.life_event_code,
        sortOrder: r.sort_order,
        fields: r.fields,
      },
      members,
      isComplete: own.length >= 2 && members.length === own.length,
    };
  });
}
