// Submitting an application (申请): online for oneself, at the window by a clerk for a person
// (一窗综办), or by a partner channel's key for the person at the terminal. Checked whole
// first (the item from memory, the applicant, the files), then written in ONE statement with
// its workflow instance, and answered from what was written.
import { mineCacheOf, type ApplicationParties } from './mine-cache.ts';
import type {
  ApplicationSubject,
  CreateApplicationBody,
  ServiceChannel,
  WorkflowDefinition,
  WorkflowView,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { preparedStatement, runStatement } from '../../../platform/db/prepared.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import { isWithinRegion } from '../../../platform/auth/region.ts';
import { AppError, forbidden, invalid } from '../../../platform/errors.ts';
import { checkResidentId } from '../../../platform/people/index.ts';
import { principalIdentity } from '../../../platform/idempotency/principal-identity.ts';
import {
  planStartInstance,
  rememberStarted,
  viewInstance,
  type PlannedStart,
} from '../../../platform/workflow/index.ts';
import { localDateOf } from '../../../platform/calendar/index.ts';
import type { LicenceHolder } from '../../licences/index.ts';
import { findCachedItemByAnyCode } from '../catalogue/catalogue-service.ts';
import type { StoredItem } from '../catalogue/item-repository.ts';
import {
  checkMaterialFiles,
  completeMaterials,
  materialFiles,
  recordLicenceUses,
  resolveGivenMaterials,
  type ResolvedMaterial,
} from './application-materials.ts';
import { APPLICATION_SUBJECT, applicationWorkflowFor } from './application-workflows.ts';
import {
  findSubmissionFacts,
  insertSubmittedApplication,
  type NewApplication,
  type SubmissionNotice,
} from './application-write.ts';
import { checkForm } from './application-form.ts';

const partnerChannels: readonly ServiceChannel[] = ['bank_terminal', 'rural_point', 'mini_program'];
const onlineChannels: readonly ServiceChannel[] = ['web', 'mobile'];

export interface Applicant extends LicenceHolder {
  ownerUserId: number | null;
}

const maskUscc = (uscc: string) => `${uscc.slice(0, 6)}${'*'.repeat(8)}${uscc.slice(14)}`;

const personStatement = preparedStatement(
  'services_applicant_person',
  `SELECT p.id, p.name, p.id_number_hint,
      (SELECT u.id FROM users u WHERE u.person_id = p.id AND NOT u.is_disabled
        ORDER BY u.id LIMIT 1) AS user_id
    FROM persons p WHERE p.id = $1::bigint`,
);

async function personApplicant(db: Db, personId: number): Promise<Applicant> {
  const [person] = await runStatement<{
    id: number;
    name: string;
    id_number_hint: string;
    user_id: number | null;
  }>(db, personStatement, [personId]);
  if (!person) throw new Error(`person ${personId} does not exist`);
  return {
    kind: 'person',
    personId: Number(person.id),
    enterpriseId: null,
    name: person.name,
    idHint: person.id_number_hint,
    ownerUserId: person.user_id === null ? null : Number(person.user_id),
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

export interface PreparedApplication {
  item: StoredItem;
  definition: WorkflowDefinition;
  applicant: Applicant;
  channel: ServiceChannel;
  form: Record<string, string | number | boolean | null>;
  materials: ResolvedMaterial[];
  /** Ids reserved for the application and its workflow instance. */
  ids: { application: number; instance: number };
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
  const item = await findCachedItemByAnyCode(ctx.db, body.itemCode.trim());
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
  // Read alongside the applicant (one round trip for both): ids for the write, own uploads.
  const facts = findSubmissionFacts(
    ctx.db,
    principalIdentity(principal),
    materialFiles(body.materials),
  );
  facts.catch(() => {}); // awaited below unless an earlier check refuses the application
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
  const { applicationId, instanceId, uploaded } = await facts;
  await checkMaterialFiles(ctx.db, principal, materials, uploaded);
  return {
    item,
    definition,
    applicant,
    channel,
    form,
    materials,
    ids: { application: applicationId, instance: instanceId },
  };
}

/** A written application: its row's id and number, and its workflow as planned and written. */
export interface WrittenApplication {
  id: number;
  number: string;
  /** Whose lists show it. */
  parties: ApplicationParties;
  workflow: PlannedStart;
  createdAt: Date;
}

/**
 * Writes a prepared application: the row, its materials, the workflow instance and the intake
 * step (clock stopped until 受理), and the applicant's notice, in ONE statement
 * (application-write.ts); licences used as materials are recorded in the same transaction
 * (the caller's, or one opened for them). The notice is left out when `isNoticeSent` is false
 * (a bundle sends one).
 */
export async function writeApplication(
  db: Db,
  principal: Principal,
  prepared: PreparedApplication,
  now: Date,
  isNoticeSent = true,
): Promise<WrittenApplication> {
  const { item, definition, applicant, channel, form, materials } = prepared;
  const actor = actorOf(principal);
  const { application: id, instance: instanceId } = prepared.ids;
  const workflow = await planStartInstance(
    db,
    {
      definition,
      subjectType: APPLICATION_SUBJECT,
      subjectId: id,
      regionCode: item.codes.regionCode,
      departmentId: item.codes.departmentId,
      ownerUserId: applicant.ownerUserId,
      actor,
      // 即办件 (0 promised days) still get a day: the engine needs a positive limit.
      limit: { amount: Math.max(1, item.guide.promisedLimitDays), unit: 'workdays' },
      data: { channel },
      now,
    },
    instanceId,
    // The intake step is the platform's: recorded as the caller, it stops the clock until 受理.
    [{ action: 'submit', principal: intakePrincipal(principal, item.codes), note: null }],
  );
  // The city's date by its fixed offset: an Intl formatter per call showed in profiles.
  const day = localDateOf(now);
  const row: NewApplication = {
    id,
    day,
    dayCode: `${item.codes.code}-${day.replaceAll('-', '')}`,
    regionCode: item.codes.regionCode,
    departmentId: item.codes.departmentId,
    itemId: item.id,
    itemCode: item.codes.code,
    itemName: item.guide.name,
    typeCode: item.codes.typeCode,
    promisedLimitDays: item.guide.promisedLimitDays,
    applicantKind: applicant.kind,
    applicantPersonId: applicant.personId,
    applicantEnterpriseId: applicant.enterpriseId,
    applicantName: applicant.name,
    applicantIdHint: applicant.idHint,
    ownerUserId: applicant.ownerUserId,
    channel,
    submittedBy: `${actor.kind}:${actor.id}`,
    submittedByApiKeyId: principal.kind === 'api_key' ? principal.apiKey!.id : null,
    form,
    createdAt: now,
  };
  const notice: SubmissionNotice | null =
    isNoticeSent && applicant.ownerUserId !== null
      ? {
          userId: applicant.ownerUserId,
          titleBeforeNumber: '办件 ',
          titleAfterNumber: ' 已提交',
          body: `您的“${item.guide.name}”申请已提交（${channel}），等待受理。`,
          link: `/services/applications/${id}`,
        }
      : null;
  const write = async (trx: Db) => {
    const written = await insertSubmittedApplication(trx, row, materials, notice, workflow);
    await recordLicenceUses(trx, principal, { ...row, number: written.number }, materials);
    return written;
  };
  const hasLicences = materials.some((m) => m.licence !== null);
  const { number, version } =
    hasLicences && !db.isTransaction ? await inTransaction(db, write) : await write(db);
  if (!hasLicences) rememberStarted(db, workflow, version);
  const parties: ApplicationParties = {
    owner_user_id: row.ownerUserId,
    applicant_person_id: row.applicantPersonId,
    applicant_enterprise_id: row.applicantEnterpriseId,
    submitted_by_api_key_id: row.submittedByApiKeyId,
  };
  return { id, number, parties, workflow, createdAt: now };
}

/** The application as its workflow view shows it, from what was just written. */
function writtenSubject(prepared: PreparedApplication, written: WrittenApplication) {
  const { item, applicant, channel, form, materials } = prepared;
  const subject: ApplicationSubject = {
    id: written.id,
    number: written.number,
    itemCode: item.codes.code,
    itemName: item.guide.name,
    typeCode: item.codes.typeCode,
    departmentId: item.codes.departmentId,
    regionCode: item.codes.regionCode,
    applicantKind: applicant.kind,
    applicantName: applicant.name,
    applicantIdHint: applicant.idHint,
    channel,
    form,
    materials: [...materials]
      .sort((a, b) => a.materialId - b.materialId)
      .map((m) => ({
        materialId: m.materialId,
        name: m.name,
        round: 0,
        kind: m.file ? ('file' as const) : ('licence' as const),
        fileSha256: m.file,
        licenceNumber: m.licence?.number ?? null,
        isReused: m.isReused,
      })),
    licenceNumber: null,
    promisedLimitDays: item.guide.promisedLimitDays,
    createdAt: written.createdAt.toISOString(),
  };
  return subject;
}

/** Submits an application; answers its workflow view (201), built from what was written. */
export async function submitApplication(
  ctx: AppContext,
  principal: Principal,
  body: CreateApplicationBody,
): Promise<WorkflowView> {
  const prepared = await prepareApplication(ctx, principal, body);
  const written = await writeApplication(ctx.db, principal, prepared, new Date());
  mineCacheOf(ctx)?.forget(written.parties);
  return viewInstance(ctx.db, written.workflow.instance, principal, {
    history: written.workflow.entries,
    subject: writtenSubject(prepared, written),
  });
}

/**
 * The caller with the intake step's role for this one call: the workflow's 'submit' is taken
 * by the platform on whoever submitted (owner, clerk or channel key); the audit shows the caller.
 */
function intakePrincipal(
  principal: Principal,
  scope: { regionCode: string; departmentId: number },
): Principal {
  return {
    ...principal,
    grants: [
      ...principal.grants,
      {
        role: 'clerk',
        regionCode: scope.regionCode,
        departmentId: scope.departmentId,
        permissions: new Set(),
      },
    ],
  };
}
