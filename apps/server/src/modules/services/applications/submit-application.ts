// Submitting an application (申请): online for oneself, at the window by a clerk for a person
// (一窗综办), or by a partner channel's key for the person at the terminal. Checked whole
// first, then written in ONE transaction with its workflow instance.
import type {
  CreateApplicationBody,
  ServiceChannel,
  WorkflowDefinition,
  WorkflowView,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import type { Db } from '../../../platform/db/database.ts';
import { inTransaction, sql } from '../../../platform/db/database.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import { isWithinRegion } from '../../../platform/auth/region.ts';
import { AppError, forbidden, invalid } from '../../../platform/errors.ts';
import { checkResidentId } from '../../../platform/people/index.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import {
  findInstance,
  performAction,
  startInstance,
  viewInstance,
} from '../../../platform/workflow/index.ts';
import { cityDate, type LicenceHolder } from '../../licences/index.ts';
import { findItemByAnyCode } from '../catalogue/catalogue-service.ts';
import type { StoredItem } from '../catalogue/item-repository.ts';
import { applicationsDb, loadApplicationSubject, findApplication } from './application-access.ts';
import {
  completeMaterials,
  resolveGivenMaterials,
  writeMaterials,
  type ResolvedMaterial,
} from './application-materials.ts';
import { APPLICATION_SUBJECT, applicationWorkflowFor } from './application-workflows.ts';
import { checkForm } from './application-form.ts';

const partnerChannels: readonly ServiceChannel[] = ['bank_terminal', 'rural_point', 'mini_program'];
const onlineChannels: readonly ServiceChannel[] = ['web', 'mobile'];

export interface Applicant extends LicenceHolder {
  ownerUserId: number | null;
}

const maskUscc = (uscc: string) => `${uscc.slice(0, 6)}${'*'.repeat(8)}${uscc.slice(14)}`;

async function personApplicant(db: Db, personId: number): Promise<Applicant> {
  const person = await db
    .selectFrom('persons')
    .leftJoin('users', (j) =>
      j.onRef('users.person_id', '=', 'persons.id').on('users.is_disabled', '=', false),
    )
    .select(['persons.id', 'persons.name', 'persons.id_number_hint', 'users.id as user_id'])
    .where('persons.id', '=', personId)
    .executeTakeFirstOrThrow();
  return {
    kind: 'person',
    personId: person.id,
    enterpriseId: null,
    name: person.name,
    idHint: person.id_number_hint,
    ownerUserId: person.user_id,
  };
}

/** The person at the counter or terminal: their ID number and name must match a registered person. */
async function checkedRealName(ctx: AppContext, body: CreateApplicationBody): Promise<Applicant> {
  if (!body.applicantIdNumber) {
    throw invalid('applicantIdNumber', 'applicantIdNumber is required when applying for someone');
  }
  if (!body.applicantName?.trim()) {
    throw invalid('applicantName', 'applicantName is required when applying for someone');
  }
  const idNumber = checkResidentId(body.applicantIdNumber, 'applicantIdNumber');
  const person = await ctx.db
    .selectFrom('persons')
    .select(['id', 'name'])
    .where('id_number_hash', '=', ctx.cipher.blindIndex(idNumber))
    .executeTakeFirst();
  // One answer for an unknown number and a wrong name: a terminal must not probe who is registered.
  if (!person || person.name !== body.applicantName.trim()) {
    throw new AppError(
      'forbidden',
      'The real-name check failed: the name and ID number do not match a registered person (实名核验未通过)',
      { field: 'applicantName', check: 'real_name' },
    );
  }
  return personApplicant(ctx.db, person.id);
}

interface Intake {
  applicant: Applicant;
  channel: ServiceChannel;
}

function onBehalfFieldsRefused(body: CreateApplicationBody) {
  if (body.applicantIdNumber !== undefined || body.applicantName !== undefined) {
    throw invalid(
      'applicantIdNumber',
      'Applicants apply for themselves: leave out applicantIdNumber and applicantName',
    );
  }
}

/** Who applies, through which channel; refuses what the caller may not do. */
async function intakeOf(
  ctx: AppContext,
  principal: Principal,
  body: CreateApplicationBody,
  item: StoredItem,
): Promise<Intake> {
  if (principal.kind === 'api_key') {
    const channel = principal.apiKey!.channel as ServiceChannel;
    if (!partnerChannels.includes(channel)) {
      throw forbidden(`A key of channel "${channel}" cannot submit applications`);
    }
    if (body.channel !== undefined && body.channel !== channel) {
      throw invalid('channel', `This key submits on channel "${channel}", not "${body.channel}"`);
    }
    const allowed = principal.apiKey!.scope.items;
    if (
      Array.isArray(allowed) &&
      !allowed.includes(item.codes.code) &&
      !allowed.includes(item.codes.basicCode)
    ) {
      throw new AppError('forbidden', `Item ${item.codes.code} is outside this key's scope`, {
        field: 'itemCode',
      });
    }
    return { applicant: await checkedRealName(ctx, body), channel };
  }
  if (principal.userKind === 'staff') {
    const isWindowClerk = principal.grants.some(
      (g) => g.role === 'clerk' && isWithinRegion(item.codes.regionCode, g.regionCode),
    );
    if (!isWindowClerk) {
      throw forbidden(
        `Only a window clerk whose region covers ${item.codes.regionCode} may apply for someone`,
      );
    }
    const channel = body.channel ?? 'window';
    if (channel !== 'window') throw invalid('channel', 'A clerk submits on channel "window"');
    return { applicant: await checkedRealName(ctx, body), channel };
  }
  onBehalfFieldsRefused(body);
  const channel = body.channel ?? 'web';
  if (!onlineChannels.includes(channel)) {
    throw invalid(
      'channel',
      `Online applications come through "web" or "mobile", not "${channel}"`,
    );
  }
  if (principal.userKind === 'enterprise' && principal.enterpriseId !== null) {
    const e = await ctx.db
      .selectFrom('enterprises')
      .select(['id', 'name', 'uscc'])
      .where('id', '=', principal.enterpriseId)
      .executeTakeFirstOrThrow();
    const applicant: Applicant = {
      kind: 'enterprise',
      personId: null,
      enterpriseId: e.id,
      name: e.name,
      idHint: maskUscc(e.uscc),
      ownerUserId: principal.userId,
    };
    return { applicant, channel };
  }
  if (principal.personId === null) {
    throw forbidden('Complete your real-name registration before applying');
  }
  const applicant = await personApplicant(ctx.db, principal.personId);
  return { applicant: { ...applicant, ownerUserId: principal.userId }, channel };
}

function checkAudience(item: StoredItem, applicant: Applicant) {
  const audience = item.guide.audience;
  if (audience !== 'both' && (audience === 'citizen') !== (applicant.kind === 'person')) {
    throw invalid(
      'itemCode',
      `Item ${item.codes.code} is for ${audience === 'citizen' ? 'individuals' : 'enterprises'}`,
    );
  }
}

/** The next number of the item today: <implementation code>-<yyyymmdd>-<000001>. */
async function nextNumber(trx: Db, item: StoredItem, now: Date): Promise<string> {
  const day = cityDate(now);
  const { rows } = await sql<{ last_seq: number }>`
    INSERT INTO service_application_counters (item_id, day, region_code, last_seq)
    VALUES (${item.id}, ${day}, ${item.codes.regionCode}, 1)
    ON CONFLICT (item_id, day) DO UPDATE SET last_seq = service_application_counters.last_seq + 1
    RETURNING last_seq`.execute(trx);
  return `${item.codes.code}-${day.replaceAll('-', '')}-${String(rows[0]!.last_seq).padStart(6, '0')}`;
}

export interface PreparedApplication {
  item: StoredItem;
  definition: WorkflowDefinition;
  applicant: Applicant;
  channel: ServiceChannel;
  form: Record<string, string | number | boolean | null>;
  materials: ResolvedMaterial[];
}

export interface PrepareOptions {
  /** Materials another record will provide (a bundle sibling's result): not asked of the applicant. */
  awaitedMaterialIds?: ReadonlySet<number>;
}

/** Checks an application whole (item, caller, channel, form, materials); writes nothing. */
export async function prepareApplication(
  ctx: AppContext,
  principal: Principal,
  body: CreateApplicationBody,
  options: PrepareOptions = {},
): Promise<PreparedApplication> {
  const item = await findItemByAnyCode(ctx.db, body.itemCode.trim());
  if (!item || item.guide.status !== 'active') {
    throw invalid('itemCode', `No active service item has the code ${body.itemCode}`);
  }
  const definition = applicationWorkflowFor(item.guide.workflowKey);
  if (!definition) {
    throw new AppError(
      'unavailable',
      `Item ${item.codes.code} runs on an unknown workflow "${item.guide.workflowKey}"`,
    );
  }
  const { applicant, channel } = await intakeOf(ctx, principal, body, item);
  checkAudience(item, applicant);
  if (!item.guide.channels.includes(channel)) {
    throw invalid(
      'channel',
      `Item ${item.codes.code} is not offered on channel "${channel}" (offered: ${item.guide.channels.join(', ')})`,
    );
  }
  const form = checkForm(body.form);
  const given = await resolveGivenMaterials(ctx.db, item.guide, applicant, body.materials);
  const materials = await completeMaterials(
    ctx.db,
    item.guide,
    applicant,
    given,
    options.awaitedMaterialIds,
  );
  return { item, definition, applicant, channel, form, materials };
}

/**
 * Writes a prepared application in the caller's transaction: the row, its materials, the
 * workflow instance and the intake step (clock stopped until 受理); answers the row's id and
 * number. The applicant's notice is left out when `isNoticeSent` is false (a bundle sends one).
 */
export async function writeApplication(
  trx: Db,
  principal: Principal,
  prepared: PreparedApplication,
  now: Date,
  isNoticeSent = true,
): Promise<{ id: number; number: string }> {
  const { item, definition, applicant, channel, form, materials } = prepared;
  const actor = actorOf(principal);
  const number = await nextNumber(trx, item, now);
  const row = await applicationsDb(trx)
    .insertInto('service_applications')
    .values({
      number,
      region_code: item.codes.regionCode,
      department_id: item.codes.departmentId,
      item_id: item.id,
      item_code: item.codes.code,
      item_name: item.guide.name,
      type_code: item.codes.typeCode,
      promised_limit_days: item.guide.promisedLimitDays,
      applicant_kind: applicant.kind,
      applicant_person_id: applicant.personId,
      applicant_enterprise_id: applicant.enterpriseId,
      applicant_name: applicant.name,
      applicant_id_hint: applicant.idHint,
      owner_user_id: applicant.ownerUserId,
      channel,
      submitted_by: `${actor.kind}:${actor.id}`,
      submitted_by_api_key_id: principal.kind === 'api_key' ? principal.apiKey!.id : null,
      form: JSON.stringify(form),
      created_at: now,
    })
    .returning(['id', 'number', 'region_code', 'department_id', 'applicant_person_id'])
    .executeTakeFirstOrThrow();
  await writeMaterials(trx, principal, row, materials, 0);
  const { instance } = await startInstance(trx, {
    definition,
    subjectType: APPLICATION_SUBJECT,
    subjectId: row.id,
    regionCode: row.region_code,
    departmentId: row.department_id,
    ownerUserId: applicant.ownerUserId,
    actor,
    // 即办件 (0 promised days) still get a day: the engine needs a positive limit.
    limit: { amount: Math.max(1, item.guide.promisedLimitDays), unit: 'workdays' },
    data: { channel },
    now,
  });
  await applicationsDb(trx)
    .updateTable('service_applications')
    .set({ instance_id: instance.id })
    .where('id', '=', row.id)
    .execute();
  // The intake step is the platform's: recorded as the caller, it stops the clock until 受理.
  await performAction(trx, {
    ref: { id: instance.id },
    action: 'submit',
    principal: intakePrincipal(principal, instance),
    note: null,
    now,
  });
  if (isNoticeSent && applicant.ownerUserId !== null) {
    await notify(trx, {
      userIds: [applicant.ownerUserId],
      title: `办件 ${number} 已提交`,
      body: `您的“${item.guide.name}”申请已提交（${channel}），等待受理。`,
      link: `/services/applications/${row.id}`,
      subjectType: APPLICATION_SUBJECT,
      subjectId: row.id,
      regionCode: row.region_code,
    });
  }
  return { id: row.id, number };
}

/** Submits an application; answers its workflow view (201). */
export async function submitApplication(
  ctx: AppContext,
  principal: Principal,
  body: CreateApplicationBody,
): Promise<WorkflowView> {
  const prepared = await prepareApplication(ctx, principal, body);
  const { id } = await inTransaction(ctx.db, (trx) =>
    writeApplication(trx, principal, prepared, new Date()),
  );
  const row = (await findApplication(ctx.db, id))!;
  const instance = (await findInstance(ctx.db, { id: row.instance_id! }))!;
  return viewInstance(ctx.db, instance, principal, {
    subject: await loadApplicationSubject(ctx.db, row),
  });
}

/**
 * The caller with the intake step's role for this one call: the workflow's 'submit' is taken
 * by the platform on whoever submitted (owner, clerk or channel key); the audit shows the caller.
 */
function intakePrincipal(
  principal: Principal,
  instance: { region_code: string; department_id: number | null },
): Principal {
  return {
    ...principal,
    grants: [
      ...principal.grants,
      {
        role: 'clerk',
        regionCode: instance.region_code,
        departmentId: instance.department_id,
        permissions: new Set(),
      },
    ],
  };
}
