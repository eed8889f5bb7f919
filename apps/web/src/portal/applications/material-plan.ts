// What the applicant must do for each material of an item's guide, by the same rules the
// server applies when it checks an application (application-materials.ts there):
// - a required material a department fetches itself (and no licence stands for) is not asked;
// - a required material one of the applicant's valid licences satisfies is attached (免提交);
// - every other required material must be uploaded; conditional ones only when they apply.
import type { LicenceView, ServiceMaterial } from '@citygov/contracts';

export type MaterialNeed = 'upload' | 'conditional' | 'licence' | 'byDepartment';

export interface PlannedMaterial {
  /** The material's position in the guide, 1-based: the API's materialId. */
  id: number;
  material: ServiceMaterial;
  need: MaterialNeed;
  /** The applicant's licence that stands for it (免提交). */
  licence: LicenceView | null;
}

export function planMaterials(
  materials: readonly ServiceMaterial[],
  licences: readonly LicenceView[] | null,
): PlannedMaterial[] {
  const valid = (licences ?? []).filter((l) => l.status === 'valid');
  return materials.map((material, index) => {
    const id = index + 1;
    const licence = material.licenceType
      ? (valid.find((l) => l.licenceType === material.licenceType) ?? null)
      : null;
    if (material.requirement === 'conditional') {
      return { id, material, need: 'conditional', licence: null };
    }
    if (licence) return { id, material, need: 'licence', licence };
    if (material.source === 'department' && !material.licenceType) {
      return { id, material, need: 'byDepartment', licence: null };
    }
    return { id, material, need: 'upload', licence: null };
  });
}

/**
 * Whether the form insists on a file. At the window the clerk cannot see the person's
 * licences, so a material a licence may stand for is left to the server, which attaches the
 * licence or names the material as missing.
 */
export function isFileRequired(planned: PlannedMaterial, isAtWindow: boolean): boolean {
  if (planned.need !== 'upload') return false;
  return !(isAtWindow && planned.material.licenceType);
}
