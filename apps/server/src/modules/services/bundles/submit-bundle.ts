// Applying for a bundle (一件事一次办): the merged form and materials are split per member,
// every member application is checked whole first, then the parent and all members are
// written in ONE transaction — a bad member refuses the whole submission, nothing half-written.
import { mineCacheOf, type ApplicationParties } from '../applications/mine-cache.ts';
import type {
  BundleApplicationView,
  CreateApplicationBody,
  CreateBundleApplicationBody,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { inTransaction, sql, type Db } from '../../../platform/db/database.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { localDateOf } from '../../../platform/calendar/index.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import {
  prepareApplication,
  writeApplication,
  type PreparedApplication,
} from '../applications/submit-application.ts';
import type { BundleFieldSpec } from './bundle-definition.ts';
import { awaitedMaterialsOf, mergeMaterials, type BundleMemberItem } from './bundle-merge.ts';
import { splitBundleForm, splitBundleMaterials } from './bundle-form.ts';
import { bundlesDb, loadBundles } from './bundle-repository.ts';
import { viewBundleApplication, BUNDLE_APPLICATION_SUBJECT } from './bundle-applications.ts';

/** The parent's number: YJS-<yyyymmdd>-<6-digit sequence of the day>. */
async function nextBundleNumber(trx: Db, now: Date): Promise<string> {
  const day = localDateOf(now);
  const { rows } = await sql<{ last_seq: number }>`
    INSERT INTO service_bundle_counters (day, last_seq) VALUES (${day}, 1)
    ON CONFLICT (day) DO UPDATE SET last_seq = service_bundle_counters.last_seq + 1
    RETURNING last_seq`.execute(trx);
  return `YJS-${day.replaceAll('-', '')}-${String(rows[0]!.last_seq).padStart(6, '0')}`;
}

interface MemberContext {
  member: BundleMemberItem;
  fields: readonly BundleFieldSpec[];
  /** For each of the member's material inputs, the index in the bundle's materials list. */
  inputIndexes: number[];
  keyOf: (materialId: number) => string | undefined;
}

/** A member's refusal, restated for the bundle: which member, and the bundle's own field. */
function atMember(error: unknown, m: MemberContext): unknown {
  if (!(error instanceof AppError)) return error;
  const { seq, item } = m.member;
  const details: Record<string, unknown> = { ...error.details };
  const field = typeof details.field === 'string' ? details.field : undefined;
  const formField = field?.match(/^form\.(.+)$/)?.[1];
  const materialIndex = field?.match(/^materials\[(\d+)\](.*)$/);
  if (formField !== undefined) {
    const own = m.fields.find((f) =>
      f.targets.some((t) => t.member === seq && t.formField === formField),
    );
    if (own) details.field = `form.${own.key}`;
  } else if (materialIndex) {
    details.field = `materials[${m.inputIndexes[Number(materialIndex[1])]}]${materialIndex[2]}`;
  }
  if (Array.isArray(details.missing)) {
    details.missing = (details.missing as Array<{ materialId: number; name: string }>).map((x) => ({
      ...x,
      key: m.keyOf(x.materialId) ?? null,
    }));
  }
  details.member = { seq, itemCode: item.codes.code, itemName: item.guide.name };
  return new AppError(
    error.code,
    `Member ${seq} ${item.guide.name} (${item.codes.code}): ${error.message}`,
    details,
  );
}

/** Submits a bundle; answers the parent with its members (201). `now`: the demo backdates. */
export async function submitBundle(
  ctx: AppContext,
  principal: Principal,
  code: string,
  body: CreateBundleApplicationBody,
  now = new Date(),
): Promise<BundleApplicationView> {
  const [bundle] = await loadBundles(ctx.db, code);
  if (!bundle) throw notFound('Bundle', code);
  if (!bundle.isComplete) {
    throw new AppError(
      'unavailable',
      `Bundle ${code} cannot be applied for now: one of its items is suspended or missing`,
    );
  }
  const { spec, members } = bundle;
  const awaited = awaitedMaterialsOf(members);
  const merged = mergeMaterials(members, awaited);
  const forms = splitBundleForm(spec.fields, members, body.form);
  const materials = splitBundleMaterials(merged, members, body.materials);

  const prepared: PreparedApplication[] = [];
  for (const [index, member] of members.entries()) {
    const inputIndexes: number[] = [];
    body.materials.forEach((input, i) => {
      const m = merged.find((x) => x.key === input.key)!;
      if (m.uses.some((u) => u.seq === member.seq)) inputIndexes.push(i);
    });
    const memberBody: CreateApplicationBody = {
      itemCode: member.item.codes.code,
      form: forms.get(member.seq)!,
      materials: materials.get(member.seq)!,
      ...(body.channel !== undefined && { channel: body.channel }),
      ...(body.applicantIdNumber !== undefined && { applicantIdNumber: body.applicantIdNumber }),
      ...(body.applicantName !== undefined && { applicantName: body.applicantName }),
    };
    try {
      prepared.push(
        await prepareApplication(ctx, principal, memberBody, {
          awaitedMaterialIds: new Set(awaited[index]!.map((a) => a.materialId)),
        }),
      );
    } catch (error) {
      throw atMember(error, {
        member,
        fields: spec.fields,
        inputIndexes,
        keyOf: (materialId) =>
          merged.find((x) =>
            x.uses.some((u) => u.seq === member.seq && u.materialId === materialId),
          )?.key,
      });
    }
  }

  const first = prepared[0]!;
  const actor = actorOf(principal);
  const written: ApplicationParties[] = [];
  const id = await inTransaction(ctx.db, async (trx) => {
    const number = await nextBundleNumber(trx, now);
    const parent = await bundlesDb(trx)
      .insertInto('service_bundle_applications')
      .values({
        number,
        bundle_code: spec.code,
        bundle_name: spec.name,
        region_code: spec.regionCode,
        applicant_kind: first.applicant.kind,
        applicant_person_id: first.applicant.personId,
        applicant_enterprise_id: first.applicant.enterpriseId,
        applicant_name: first.applicant.name,
        owner_user_id: first.applicant.ownerUserId,
        channel: first.channel,
        submitted_by: `${actor.kind}:${actor.id}`,
        form: JSON.stringify(body.form),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created: string[] = [];
    for (const [index, p] of prepared.entries()) {
      const member = members[index]!;
      const application = await writeApplication(trx, principal, p, now, false);
      created.push(application.number);
      written.push(application.parties);
      await bundlesDb(trx)
        .insertInto('service_bundle_application_members')
        .values({
          bundle_application_id: parent.id,
          seq: member.seq,
          application_id: application.id,
          region_code: p.item.codes.regionCode,
          awaited_materials: JSON.stringify(awaited[index]),
        })
        .execute();
    }
    await appendAudit(trx, {
      actor,
      action: 'services.bundle.submit',
      subjectType: BUNDLE_APPLICATION_SUBJECT,
      subjectId: parent.id,
      regionCode: spec.regionCode,
      data: { bundleCode: spec.code, number, applications: created },
    });
    if (first.applicant.ownerUserId !== null) {
      await notify(trx, {
        userIds: [first.applicant.ownerUserId],
        title: `一件事 ${number} 已提交`,
        body: `您的“${spec.name}”已提交，${members.length} 个事项（${created.join('、')}）已分送各部门办理。`,
        link: `/bundles/applications/${parent.id}`,
        subjectType: BUNDLE_APPLICATION_SUBJECT,
        subjectId: parent.id,
        regionCode: spec.regionCode,
      });
    }
    return Number(parent.id);
  });
  const cache = mineCacheOf(ctx);
  for (const parties of written) cache?.forget(parties);
  return (await viewBundleApplication(ctx.db, principal, id))!;
}
