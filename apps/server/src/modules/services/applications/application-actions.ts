// Acting on an application: the workflow transition and what goes with it (补正 lists and
// materials, special steps, the licence on approval, the applicant's notice) in ONE transaction.
import { mineCacheOf } from './mine-cache.ts';
import { Value } from 'typebox/value';
import { ApplicationMaterialInput, type WorkflowView } from '@citygov/contracts';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../../platform/http/context.ts';
import type { Db } from '../../../platform/db/database.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { actorOf, can, type Principal } from '../../../platform/auth/principal.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import {
  performAction,
  viewInstance,
  type TransitionResult,
} from '../../../platform/workflow/index.ts';
import { issueLicence } from '../../licences/index.ts';
import { findItemByAnyCode } from '../catalogue/catalogue-service.ts';
import type { StoredItem } from '../catalogue/item-repository.ts';
import {
  ACT_ON_APPLICATIONS,
  applicationsDb,
  canSeeApplication,
  findApplication,
  isApplicantOf,
  loadApplicationSubject,
  type ApplicationRow,
} from './application-access.ts';
import { resolveGivenMaterials, writeMaterials } from './application-materials.ts';
import { APPLICATION_SUBJECT } from './application-workflows.ts';

const MissingList = Type.Array(
  Type.Object(
    {
      materialId: Type.Integer({ minimum: 1, maximum: 60 }),
      reason: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 60 },
);
const SuppliedList = Type.Array(ApplicationMaterialInput, { minItems: 1, maxItems: 100 });
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function checked<T>(schema: TSchema, value: unknown, field: string): T {
  if (!Value.Check(schema, value)) {
    const first = [...Value.Errors(schema, value)][0];
    throw invalid(
      field,
      `${field}${first?.instancePath ?? ''}: ${first?.message ?? 'is malformed'}`,
    );
  }
  return value as T;
}

interface EffectInput {
  ctx: AppContext;
  trx: Db;
  principal: Principal;
  row: ApplicationRow;
  item: StoredItem;
  result: TransitionResult;
  data: Record<string, unknown>;
  now: Date;
}

/** 补正: every missing material named at once (一次性告知), each one of the item's materials. */
async function onSupplementRequest({ trx, row, item, data }: EffectInput) {
  const missing = checked<Array<{ materialId: number; reason?: string }>>(
    MissingList,
    data.missing,
    'data.missing',
  );
  for (const [i, m] of missing.entries()) {
    if (!item.guide.materials[m.materialId - 1]) {
      throw invalid(
        `data.missing[${i}].materialId`,
        `data.missing[${i}].materialId ${m.materialId} is not a material of this item`,
      );
    }
  }
  await applicationsDb(trx)
    .updateTable('service_applications')
    .set({ supplement_count: row.supplement_count + 1 })
    .where('id', '=', row.id)
    .execute();
  return missing.map(
    (m) => `${item.guide.materials[m.materialId - 1]!.name}${m.reason ? `（${m.reason}）` : ''}`,
  );
}

/** The applicant's answer: every material the request listed, as files or licences. */
async function onSupply({ trx, principal, row, item, data, result }: EffectInput) {
  const supplied = checked<ApplicationMaterialInput[]>(
    SuppliedList,
    data.materials,
    'data.materials',
  );
  const requested =
    (result.instance.data.missing as Array<{ materialId: number }> | undefined) ?? [];
  const given = new Set(supplied.map((m) => m.materialId));
  const still = requested.filter((m) => !given.has(m.materialId));
  if (still.length) {
    throw new AppError(
      'validation_failed',
      `Still missing: ${still.map((m) => `${m.materialId} ${item.guide.materials[m.materialId - 1]?.name ?? ''}`).join('; ')}`,
      { field: 'data.materials', missing: still.map((m) => m.materialId) },
    );
  }
  const holder = { personId: row.applicant_person_id, enterpriseId: row.applicant_enterprise_id };
  const resolved = await resolveGivenMaterials(trx, item.guide, holder, supplied, 'data.materials');
  await writeMaterials(trx, principal, row, resolved, row.supplement_count);
}

function onSpecialStep({ item, data }: EffectInput) {
  const kinds = item.guide.specialSteps.map((s) => s.kind);
  if (!kinds.includes(data.kind as never)) {
    throw invalid(
      'data.kind',
      kinds.length
        ? `data.kind must be one of this item's special steps: ${kinds.join(', ')}`
        : 'This item has no special steps (特殊环节)',
    );
  }
}

/** 准予 of a licensing item issues the licence, signed, to the applicant. */
async function onApprove(input: EffectInput) {
  const { ctx, trx, principal, row, item, data } = input;
  const validUntil = data.validUntil;
  if (validUntil !== undefined && (typeof validUntil !== 'string' || !isoDate.test(validUntil))) {
    throw invalid('data.validUntil', 'data.validUntil must be a date (YYYY-MM-DD)');
  }
  if (!item.guide.isLicensing || !item.guide.issuedLicenceType) return null;
  const licence = await issueLicence(trx, ctx.config, {
    licenceType: item.guide.issuedLicenceType,
    name: item.guide.resultName ?? item.guide.name,
    holder: {
      kind: row.applicant_kind,
      personId: row.applicant_person_id,
      enterpriseId: row.applicant_enterprise_id,
      name: row.applicant_name,
      idHint: row.applicant_id_hint,
    },
    departmentId: row.department_id,
    regionCode: row.region_code,
    ...(validUntil !== undefined && { validUntil: validUntil }),
    source: { type: APPLICATION_SUBJECT, id: row.id },
    actor: actorOf(principal),
    now: input.now,
  });
  await applicationsDb(trx)
    .updateTable('service_applications')
    .set({ licence_number: licence.number })
    .where('id', '=', row.id)
    .execute();
  return licence.number;
}

// The decision and refusals also go by SMS: the applicant must not miss them.
const bySms = new Set(['approve', 'deny', 'not_accept', 'request_supplement']);

async function notifyApplicant(input: EffectInput, action: string, extra: string | null) {
  const { trx, principal, row, result } = input;
  if (row.owner_user_id === null || row.owner_user_id === principal.userId) return;
  const state = result.definition.states[result.instance.state]!.label.zh;
  const note = result.entry.note ? `；说明：${result.entry.note}` : '';
  await notify(trx, {
    userIds: [row.owner_user_id],
    title: `办件 ${row.number}：${state}`,
    body: `您的“${row.item_name}”申请${state}${note}${extra ? `；${extra}` : ''}`,
    link: `/services/applications/${row.id}`,
    subjectType: APPLICATION_SUBJECT,
    subjectId: row.id,
    regionCode: row.region_code,
    ...(bySms.has(action) && { alsoVia: ['sms' as const] }),
  });
}

async function applyEffects(input: EffectInput, action: string) {
  let extra: string | null = null;
  switch (action) {
    case 'request_supplement':
      extra = `请一次性补正以下材料：${(await onSupplementRequest(input)).join('、')}`;
      break;
    case 'supply':
      await onSupply(input);
      break;
    case 'start_special_step':
      onSpecialStep(input);
      break;
    case 'approve': {
      const number = await onApprove(input);
      if (number) extra = `电子证照 ${number} 已签发`;
      break;
    }
    default:
      break;
  }
  await notifyApplicant(input, action, extra);
}

/**
 * Performs an action on an application and its effects, in one transaction (the caller's when
 * given one); 404 out of sight, 403 wrong role, 409 wrong state. `now` is the time of the step
 * (the demo city backdates its history). Answers the transition, without a view.
 */
export async function applyApplicationAction(
  ctx: AppContext,
  principal: Principal,
  id: number,
  action: string,
  body: { note?: string | undefined; data?: Record<string, unknown> | undefined },
  now = new Date(),
): Promise<{ result: TransitionResult; row: ApplicationRow }> {
  const done = await inTransaction(ctx.db, async (trx) => {
    const row = await findApplication(trx, id);
    if (!row || row.instance_id === null || !canSeeApplication(principal, row)) {
      throw notFound('Application', id);
    }
    if (action === 'submit')
      throw new AppError('forbidden', 'Submission is the platform’s own step');
    const result = await performAction(trx, {
      ref: { id: row.instance_id },
      action,
      principal,
      note: body.note ?? null,
      data: body.data ?? {},
      now,
      authorize() {
        const isStaff = can(principal, ACT_ON_APPLICATIONS, {
          regionCode: row.region_code,
          departmentId: row.department_id,
        });
        if (!isStaff && !isApplicantOf(principal, row)) {
          throw new AppError(
            'forbidden',
            `This needs the permission "${ACT_ON_APPLICATIONS}" here`,
            {
              permission: ACT_ON_APPLICATIONS,
            },
          );
        }
      },
    });
    const item = await findItemByAnyCode(trx, row.item_code);
    if (!item) throw notFound('Service item', row.item_code);
    await applyEffects(
      { ctx, trx, principal, row, item, result, data: body.data ?? {}, now },
      action,
    );
    return { result, row };
  });
  mineCacheOf(ctx)?.forget(done.row);
  return done;
}

/** Performs an action on an application (as applyApplicationAction); answers the workflow view. */
export async function actOnApplication(
  ctx: AppContext,
  principal: Principal,
  id: number,
  action: string,
  body: { note?: string | undefined; data?: Record<string, unknown> | undefined },
  now = new Date(),
): Promise<WorkflowView> {
  const { result, row } = await applyApplicationAction(ctx, principal, id, action, body, now);
  const fresh = (await findApplication(ctx.db, row.id))!;
  return viewInstance(ctx.db, result.instance, principal, {
    history: [result.entry],
    subject: await loadApplicationSubject(ctx.db, fresh),
  });
}
