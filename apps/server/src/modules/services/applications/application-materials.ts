// Materials of an application: checked against the item's guide, files linked, licences
// referenced or found for the applicant (免提交), and the rows written.
import type { ApplicationMaterialInput } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { findAccessibleFile, linkFile } from '../../../platform/files/index.ts';
import {
  findUsableLicence,
  findUsableLicences,
  recordLicenceUse,
  type LicenceHolder,
  type UsableLicence,
} from '../../licences/index.ts';
import type { ItemGuide as ServiceItemGuide } from '../catalogue/item-guide.ts';
import { applicationsDb } from './application-access.ts';
import { APPLICATION_SUBJECT } from './application-workflows.ts';

type GuideMaterial = ServiceItemGuide['materials'][number];

export interface ResolvedMaterial {
  materialId: number;
  name: string;
  file: string | null;
  licence: UsableLicence | null;
  isReused: boolean;
}

/** Whether the applicant must hand the material in (a department fetches its own ones). */
export const isAskedOf = (m: GuideMaterial) =>
  m.requirement === 'required' && (m.source !== 'department' || m.licenceType !== null);

/** Checks each given material against the guide and the applicant's licences. */
export async function resolveGivenMaterials(
  db: Db,
  guide: ServiceItemGuide,
  holder: Pick<LicenceHolder, 'personId' | 'enterpriseId'>,
  inputs: readonly ApplicationMaterialInput[],
  field = 'materials',
): Promise<ResolvedMaterial[]> {
  const out: ResolvedMaterial[] = [];
  for (const [i, input] of inputs.entries()) {
    const material = guide.materials[input.materialId - 1];
    if (!material) {
      throw invalid(
        `${field}[${i}].materialId`,
        `${field}[${i}].materialId ${input.materialId} is not a material of this item (it has ${guide.materials.length})`,
      );
    }
    if ('fileSha256' in input) {
      out.push({
        materialId: input.materialId,
        name: material.name,
        file: input.fileSha256,
        licence: null,
        isReused: false,
      });
      continue;
    }
    const licence = await findUsableLicence(db, holder, input.licenceNumber);
    if (!licence) {
      throw invalid(
        `${field}[${i}].licenceNumber`,
        `${field}[${i}].licenceNumber ${input.licenceNumber} is not a valid licence of the applicant`,
      );
    }
    if (material.licenceType !== null && licence.licenceType !== material.licenceType) {
      throw invalid(
        `${field}[${i}].licenceNumber`,
        `licence ${licence.number} is a ${licence.licenceType}; "${material.name}" needs a ${material.licenceType}`,
      );
    }
    out.push({
      materialId: input.materialId,
      name: material.name,
      file: null,
      licence,
      isReused: false,
    });
  }
  return out;
}

/**
 * Completes the given materials: a required material not handed in is attached from the
 * applicant's valid licence of its type (免提交); whatever is still missing is a 400 listing
 * every missing material at once. `awaited` materials come from elsewhere (a bundle sibling).
 */
export async function completeMaterials(
  db: Db,
  guide: ServiceItemGuide,
  holder: Pick<LicenceHolder, 'personId' | 'enterpriseId'>,
  given: ResolvedMaterial[],
  awaited: ReadonlySet<number> = new Set(),
): Promise<ResolvedMaterial[]> {
  const handedIn = new Set(given.map((m) => m.materialId));
  const needed = guide.materials
    .map((m, i) => ({ m, id: i + 1 }))
    .filter(({ m, id }) => isAskedOf(m) && !handedIn.has(id) && !awaited.has(id));
  const types = [...new Set(needed.flatMap(({ m }) => (m.licenceType ? [m.licenceType] : [])))];
  const licences = await findUsableLicences(db, holder, types);
  const reused: ResolvedMaterial[] = [];
  const missing: Array<{ materialId: number; name: string }> = [];
  for (const { m, id } of needed) {
    const licence = m.licenceType
      ? licences.find((l) => l.licenceType === m.licenceType)
      : undefined;
    if (licence) reused.push({ materialId: id, name: m.name, file: null, licence, isReused: true });
    else missing.push({ materialId: id, name: m.name });
  }
  if (missing.length) {
    throw new AppError(
      'validation_failed',
      `Required material(s) missing: ${missing.map((m) => `${m.materialId} ${m.name}`).join('; ')}`,
      { field: 'materials', missing },
    );
  }
  return [...given, ...reused];
}

/** The material files, each once (a file may serve two materials). */
export const materialFiles = (materials: readonly ApplicationMaterialInput[]) => [
  ...new Set(materials.flatMap((m) => ('fileSha256' in m ? [m.fileSha256] : []))),
];

/**
 * Refuses (404) a material file the caller may not see, as linking it would: `uploaded` are
 * the caller's own uploads among them (found with the submission's facts), any other file
 * goes through the file access rules.
 */
export async function checkMaterialFiles(
  db: Db,
  principal: Principal,
  materials: readonly ResolvedMaterial[],
  uploaded: ReadonlySet<string>,
): Promise<void> {
  for (const m of materials) {
    if (!m.file || uploaded.has(m.file)) continue;
    if (!/^[0-9a-f]{64}$/.test(m.file)) {
      throw invalid('sha256', 'sha256 must be 64 lower-case hex digits');
    }
    if ((await findAccessibleFile(db, principal, m.file)) === null) throw notFound('file', m.file);
  }
}

type MaterialOwner = {
  id: number;
  number: string;
  regionCode: string;
  departmentId: number;
  applicantPersonId: number | null;
};

/** Records the use of each licence handed in or attached (免提交), audited, in `trx`. */
export async function recordLicenceUses(
  trx: Db,
  principal: Principal,
  application: MaterialOwner,
  materials: readonly ResolvedMaterial[],
): Promise<void> {
  for (const m of materials) {
    if (!m.licence) continue;
    await recordLicenceUse(trx, {
      licence: m.licence,
      subjectType: APPLICATION_SUBJECT,
      subjectId: application.id,
      regionCode: application.regionCode,
      departmentId: application.departmentId,
      personId: application.applicantPersonId,
      purpose: `${m.isReused ? '免提交' : '申请材料'}: ${m.name} (办件 ${application.number})`,
      actor: actorOf(principal),
    });
  }
}

/** Writes the materials of one round, linking files (as the caller) and recording licence uses. */
export async function writeMaterials(
  trx: Db,
  principal: Principal,
  application: {
    id: number;
    number: string;
    region_code: string;
    department_id: number;
    applicant_person_id: number | null;
  },
  materials: readonly ResolvedMaterial[],
  round: number,
): Promise<void> {
  if (materials.length === 0) return;
  for (const m of materials) {
    if (m.file) {
      await linkFile(trx, {
        sha256: m.file,
        ownerType: APPLICATION_SUBJECT,
        ownerId: application.id,
        regionCode: application.region_code,
        name: m.name,
        by: principal,
      });
    }
  }
  await recordLicenceUses(
    trx,
    principal,
    {
      id: application.id,
      number: application.number,
      regionCode: application.region_code,
      departmentId: application.department_id,
      applicantPersonId: application.applicant_person_id,
    },
    materials,
  );
  await applicationsDb(trx)
    .insertInto('service_application_materials')
    .values(
      materials.map((m) => ({
        application_id: application.id,
        region_code: application.region_code,
        material_seq: m.materialId,
        material_name: m.name,
        round,
        kind: m.file ? ('file' as const) : ('licence' as const),
        file_sha256: m.file,
        licence_number: m.licence?.number ?? null,
        is_reused: m.isReused,
      })),
    )
    .execute();
}
