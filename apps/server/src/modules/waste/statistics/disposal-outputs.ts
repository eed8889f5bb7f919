// What a disposal site declares per day: sorted (分拣), recycled (资源化利用) and landfilled
// volumes. The site's operators or a waste officer of its region declare; a new declaration of
// the same day replaces the old one (audited with both).
import { sql } from 'kysely';
import type { DisposalOutputBody, DisposalOutputList } from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { forbidden, invalid, notFound } from '../../../platform/errors.ts';
import { beijingDay } from '../registry/approval-rules.ts';
import { auditRegistry, round1 } from '../registry/registry-common.ts';
import { accessOf, actsFor, isInRegions } from '../party-access.ts';
import { WASTE_OUTPUTS_DECLARE, WASTE_READ } from '../waste-permissions.ts';

async function siteOf(db: Db, id: number) {
  const site = await db
    .selectFrom('waste_disposal_sites')
    .select(['id', 'region_code', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!site) throw notFound('disposal site', id);
  return site;
}

export async function listDisposalOutputs(
  db: Db,
  principal: Principal,
  siteId: number,
): Promise<DisposalOutputList> {
  const site = await siteOf(db, siteId);
  const access = await accessOf(db, principal, WASTE_READ);
  if (
    !isInRegions(access.staffPrefixes, site.region_code) &&
    !actsFor(access, 'disposal_site', site.id)
  ) {
    throw notFound('disposal site', siteId);
  }
  const rows = await db
    .selectFrom('waste_disposal_outputs as o')
    .select([
      sql<string>`o.day::text`.as('day'),
      'o.sorted_volume_m3',
      'o.recycled_volume_m3',
      'o.landfilled_volume_m3',
      'o.declared_at',
      (eb) =>
        eb
          .selectFrom('waste_manifests as m')
          .select((inner) => inner.fn.sum<number>('m.received_volume_m3').as('v'))
          .whereRef('m.received_site_id', '=', 'o.disposal_site_id')
          .where(sql<boolean>`(m.received_at at time zone 'Asia/Shanghai')::date = o.day`)
          .as('received'),
    ])
    .where('o.disposal_site_id', '=', siteId)
    .orderBy('o.day', 'desc')
    .limit(90)
    .execute();
  return {
    items: rows.map((r) => ({
      disposalSiteId: siteId,
      day: r.day,
      sortedVolumeM3: r.sorted_volume_m3,
      recycledVolumeM3: r.recycled_volume_m3,
      landfilledVolumeM3: r.landfilled_volume_m3,
      receivedVolumeM3: round1(Number(r.received ?? 0)),
      declaredAt: r.declared_at.toISOString(),
    })),
  };
}

export async function declareDisposalOutput(
  db: Db,
  principal: Principal,
  siteId: number,
  body: DisposalOutputBody,
  now = new Date(),
): Promise<DisposalOutputList> {
  if (body.day > beijingDay(now)) throw invalid('day', 'day must not be in the future');
  if (body.recycledVolumeM3 > body.sortedVolumeM3 + 1e-6) {
    throw invalid(
      'recycledVolumeM3',
      'recycledVolumeM3 cannot exceed the sorted volume it comes from',
    );
  }
  await inTransaction(db, async (trx) => {
    const site = await siteOf(trx, siteId);
    const access = await accessOf(trx, principal, WASTE_OUTPUTS_DECLARE);
    if (
      !isInRegions(access.staffPrefixes, site.region_code) &&
      !actsFor(access, 'disposal_site', site.id)
    ) {
      throw forbidden(`You may not declare the output of ${site.name}`);
    }
    const before = await trx
      .selectFrom('waste_disposal_outputs')
      .select(['sorted_volume_m3', 'recycled_volume_m3', 'landfilled_volume_m3'])
      .where('disposal_site_id', '=', siteId)
      .where('day', '=', body.day)
      .executeTakeFirst();
    const values = {
      sorted_volume_m3: body.sortedVolumeM3,
      recycled_volume_m3: body.recycledVolumeM3,
      landfilled_volume_m3: body.landfilledVolumeM3,
      declared_by: principal.userId,
      declared_at: now,
    };
    await trx
      .insertInto('waste_disposal_outputs')
      .values({ disposal_site_id: siteId, day: body.day, region_code: site.region_code, ...values })
      .onConflict((oc) => oc.columns(['disposal_site_id', 'day']).doUpdateSet(values))
      .execute();
    await auditRegistry(
      trx,
      principal,
      'waste.output.declare',
      'waste_disposal_site',
      siteId,
      site.region_code,
      {
        day: body.day,
        before: before ?? null,
        after: body,
      },
    );
  });
  return listDisposalOutputs(db, principal, siteId);
}
