// Thirty days of loads through the real manifest services, each step at its own (past) time:
// most signed as declared, some with discrepancies (half resolved), rejections to the
// alternate site or back, cancellations, a few corrections; today's loads at every stage; and
// the recycling plants' daily declarations of sorted and recycled output.
import { sql } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.ts';
import { loadUserPrincipal } from '../../../platform/auth/sessions.ts';
import { AppError } from '../../../platform/errors.ts';
import type { DemoSeedContext, Random } from '../../../demo/index.ts';
import { beijingDay } from '../registry/approval-rules.ts';
import { actOnManifest } from '../manifests/manifest-actions.ts';
import { startCorrection } from '../manifests/manifest-corrections.ts';
import { createManifest } from '../manifests/manifest-create.ts';
import { resolveDiscrepancy } from '../manifests/discrepancy.ts';
import { declareDisposalOutput } from '../statistics/disposal-outputs.ts';
import type { DemoRegistry } from './demo-registry.ts';

export const DEMO_DAYS = 30;
const MINUTE = 60_000;
const DAY_MS = 86_400_000;

type Outcome = 'signed' | 'quantity' | 'type' | 'alternate' | 'return' | 'cancel' | 'correction';
const outcomes: Outcome[] = [
  'signed',
  'quantity',
  'type',
  'alternate',
  'return',
  'cancel',
  'correction',
];
const outcomeWeights = [84, 6, 2, 3, 1.5, 1.5, 2];

/** Beijing midnight of the day `offset` days from `now`. */
const midnightOf = (now: Date, offset: number) =>
  new Date(`${beijingDay(new Date(now.getTime() + offset * DAY_MS))}T00:00:00+08:00`);

export interface DemoManifestReport {
  manifests: number;
  blocked: number;
}

export async function seedDemoManifests(
  seed: DemoSeedContext,
  registry: DemoRegistry,
  now: Date,
): Promise<DemoManifestReport> {
  const principals = new Map<string, Principal>();
  const as = async (username: string) => {
    let p = principals.get(username);
    if (!p) {
      const user = await seed.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      p = (await loadUserPrincipal(seed.ctx.db, user.id, {
        sessionId: null,
        isCookieAuth: false,
      }))!;
      principals.set(username, p);
    }
    return p;
  };
  const companyOf = new Map(registry.companies.map((c) => [c.id, c]));
  const disposalOf = new Map(registry.disposal.map((d) => [d.id, d]));
  let manifests = 0;
  let blocked = 0;

  for (let offset = -DEMO_DAYS; offset <= 0; offset++) {
    const midnight = midnightOf(now, offset);
    for (const approval of registry.approvals) {
      const random = seed.random('waste-loads', (offset + DEMO_DAYS) * 1000 + approval.siteIndex);
      const loads = random.weighted([0, 1, 2], [65, 28, 7]);
      for (let n = 0; n < loads; n++) {
        // Transport hours are 06:00–22:00: departures 06:30–20:30.
        const departure = new Date(midnight.getTime() + random.between(390, 1230) * MINUTE);
        const isToday = offset === 0;
        if (departure.getTime() > now.getTime() - (isToday ? 20 : 0) * MINUTE) continue;
        const made = await runLoad(
          seed,
          random,
          registry,
          approval,
          departure,
          now,
          isToday,
          as,
          companyOf,
          disposalOf,
        );
        if (made === 'blocked') blocked++;
        else if (made) manifests++;
      }
    }
  }
  await declareOutputs(seed, registry, now, as);
  return { manifests, blocked };
}

async function runLoad(
  seed: DemoSeedContext,
  random: Random,
  registry: DemoRegistry,
  approval: DemoRegistry['approvals'][number],
  departure: Date,
  now: Date,
  isToday: boolean,
  as: (username: string) => Promise<Principal>,
  companyOf: Map<number, DemoRegistry['companies'][number]>,
  disposalOf: Map<number, DemoRegistry['disposal'][number]>,
): Promise<boolean | 'blocked'> {
  const db = seed.ctx.db;
  const site = registry.sites[approval.siteIndex]!;
  const company = companyOf.get(random.pick(approval.companyIds))!;
  const truck = random.pick(company.trucks);
  const driverId = random.pick(company.drivers);
  const [first, second] = random.chance(0.6)
    ? approval.disposalIds
    : [...approval.disposalIds].reverse();
  const siteUser = await as(site.account);
  const transport = await as(company.account);
  const declared = truck.capacity - random.int(3);
  const created = new Date(departure.getTime() - random.between(15, 90) * MINUTE);
  const outcome = isToday ? 'signed' : random.weighted(outcomes, outcomeWeights);
  let id: number;
  try {
    id = await createManifest(
      db,
      siteUser,
      {
        approvalId: approval.id,
        companyId: company.id,
        truckId: truck.id,
        driverId,
        disposalSiteId: first!,
        alternateSiteId: second ?? null,
        wasteType: random.chance(0.8) ? 'muck' : 'construction',
        declaredVolumeM3: declared,
        plannedDate: beijingDay(departure),
      },
      { now: created },
    );
  } catch (error) {
    // An expired or used-up approval refuses the load, as it would refuse the site.
    if (error instanceof AppError && error.code === 'conflict') return 'blocked';
    throw error;
  }
  const act = (
    who: Principal,
    action: string,
    at: Date,
    body: { note?: string; data?: Record<string, unknown> } = {},
  ) => actOnManifest(db, who, id, action, body, { now: at });
  const receiverOf = async (siteId: number) => as(disposalOf.get(siteId)!.account);

  await act(siteUser, 'submit', new Date(created.getTime() + 2 * MINUTE));
  if (outcome === 'cancel') {
    await act(siteUser, 'cancel', new Date(created.getTime() + 10 * MINUTE), {
      note: '车辆临时调度，本车次取消',
    });
    return true;
  }
  // Today's loads stop at the stage the clock has reached.
  const stop = (at: Date) => isToday && at.getTime() > now.getTime();
  if (stop(departure)) return true;
  await act(siteUser, 'sign_departure', departure);
  const pickup = new Date(departure.getTime() + random.between(2, 6) * MINUTE);
  if (stop(pickup) || (isToday && random.chance(0.1))) return true;
  await act(transport, 'sign_pickup', pickup);
  const arrival = new Date(pickup.getTime() + random.between(25, 70) * MINUTE);
  if (stop(arrival) || (isToday && random.chance(0.15))) return true;
  const receiver = await receiverOf(first!);
  // Past loads were signed for at the gate; today's show the arrival step too.
  if (isToday) await act(receiver, 'arrive', arrival);
  const receipt = new Date(arrival.getTime() + random.between(5, 20) * MINUTE);
  if (stop(receipt) || (isToday && random.chance(0.15))) return true;

  if (outcome === 'alternate' && second) {
    await act(receiver, 'reject_to_alternate', receipt, {
      note: '检出生活垃圾及杂物，不符合本场消纳要求',
    });
    const later = new Date(receipt.getTime() + random.between(30, 60) * MINUTE);
    const alternate = await receiverOf(second);
    await act(alternate, 'sign_receipt', later, {
      data: { volumeM3: declared * (0.96 + random.next() * 0.06) },
    });
    return true;
  }
  if (outcome === 'return') {
    await act(receiver, 'reject_return', receipt, { note: '含泥量超标，退回产废单位处理' });
    await act(
      siteUser,
      'sign_return',
      new Date(receipt.getTime() + random.between(40, 80) * MINUTE),
    );
    return true;
  }
  let volume = declared * (0.95 + random.next() * 0.1);
  if (outcome === 'quantity')
    volume = declared * (random.chance(0.5) ? 0.8 : 1.15 + random.next() * 0.1);
  const data: Record<string, unknown> = { volumeM3: Math.round(volume * 10) / 10 };
  if (outcome === 'type') data.wasteType = 'demolition';
  await act(receiver, 'sign_receipt', receipt, { data });
  if ((outcome === 'quantity' || outcome === 'type') && random.chance(0.5)) {
    await resolveDiscrepancy(
      db,
      siteUser,
      id,
      '经产废单位与消纳场共同复核，以消纳场地磅计量为准',
      new Date(receipt.getTime() + random.between(1, 3) * DAY_MS),
    );
  }
  if (outcome === 'correction') {
    const at = new Date(receipt.getTime() + random.between(2, 20) * 60 * MINUTE);
    const row = await db
      .selectFrom('waste_manifests')
      .select(['alternate_site_id', 'route_id', 'waste_type'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await startCorrection(
      db,
      transport,
      id,
      {
        content: {
          approvalId: approval.id,
          companyId: company.id,
          truckId: truck.id,
          driverId: random.pick(company.drivers),
          disposalSiteId: first!,
          alternateSiteId: row.alternate_site_id,
          routeId: row.route_id,
          wasteType: row.waste_type as 'muck',
          declaredVolumeM3: declared,
          plannedDate: beijingDay(departure),
        },
        reason: '当班驾驶员登记有误，更正为实际驾驶员',
      },
      { now: at },
    );
    await act(transport, 'accept_correction', new Date(at.getTime() + 5 * MINUTE));
  }
  return true;
}

/** Each recycling plant declares, per day it received loads, what it sorted and recycled. */
async function declareOutputs(
  seed: DemoSeedContext,
  registry: DemoRegistry,
  now: Date,
  as: (username: string) => Promise<Principal>,
) {
  for (const plant of registry.disposal.filter((d) => d.kind === 'recycling')) {
    const days = await seed.ctx.db
      .selectFrom('waste_manifests')
      .select((eb) => [
        eb.fn.sum<number>('received_volume_m3').as('received'),
        sql<string>`((received_at at time zone 'Asia/Shanghai')::date)::text`.as('day'),
      ])
      .where('received_site_id', '=', plant.id)
      .groupBy('day')
      .execute();
    const operator = await as(plant.account);
    for (const [k, d] of days.entries()) {
      if (d.day >= beijingDay(now)) continue; // today is declared tonight
      const random = seed.random(`waste-output-${plant.id}`, k);
      const received = Number(d.received);
      const sorted = Math.round(received * (0.85 + random.next() * 0.1) * 10) / 10;
      const recycled = Math.round(sorted * (0.7 + random.next() * 0.15) * 10) / 10;
      const landfilled = Math.round((received - recycled) * 0.8 * 10) / 10;
      await declareDisposalOutput(
        seed.ctx.db,
        operator,
        plant.id,
        {
          day: d.day,
          sortedVolumeM3: sorted,
          recycledVolumeM3: recycled,
          landfilledVolumeM3: landfilled,
        },
        new Date(`${d.day}T21:30:00+08:00`),
      );
    }
  }
}
