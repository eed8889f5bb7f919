// The merged view of a bundle (pure): which members' materials the applicant hands in once,
// which are not asked at all (another member issues them, or the one form replaces an item's
// own application form), and the numbers a citizen saves.
import { createHash } from 'node:crypto';
import type {
  BundleDetail,
  BundleField,
  BundleMaterial,
  BundleSummary,
  ServiceChannel,
} from '@citygov/contracts';
import type { StoredItem } from '../catalogue/item-repository.ts';
import { isAskedOf } from '../applications/application-materials.ts';
import type { AwaitedMaterial, BundleFieldSpec, BundleSpec } from './bundle-definition.ts';

export interface BundleMemberItem {
  seq: number;
  item: StoredItem;
}

/** A merged material with its uses by member seq (the view names members by item code). */
export interface MergedMaterial extends Omit<BundleMaterial, 'uses'> {
  uses: Array<{ seq: number; materialId: number }>;
}

type GuideMaterial = StoredItem['guide']['materials'][number];

// An item's own application form (申请表 / 登记表 / 申请书 …) with a blank to fill in: the
// bundle's merged form takes its place (一表申请).
const isOwnApplicationForm = (m: GuideMaterial) =>
  m.blankFormRef !== null && /(申请表|登记表|申请书|审批表|申报表)$/.test(m.name);

/** Per member, the materials the applicant is not asked for and why. */
export function awaitedMaterialsOf(members: readonly BundleMemberItem[]): AwaitedMaterial[][] {
  return members.map(({ seq, item }) =>
    item.guide.materials.flatMap((m, i): AwaitedMaterial[] => {
      if (!isAskedOf(m) && m.requirement === 'required') return [];
      const issuer = members.find(
        (o) =>
          o.seq !== seq &&
          m.licenceType !== null &&
          o.item.guide.isLicensing &&
          o.item.guide.issuedLicenceType === m.licenceType,
      );
      if (issuer) {
        return [{ materialId: i + 1, name: m.name, reason: 'sibling_result', fromSeq: issuer.seq }];
      }
      if (m.requirement === 'required' && isOwnApplicationForm(m)) {
        return [{ materialId: i + 1, name: m.name, reason: 'merged_form', fromSeq: null }];
      }
      return [];
    }),
  );
}

// The same licence type is one material; otherwise the same name is.
const materialKey = (m: GuideMaterial) =>
  m.licenceType
    ? `lic_${m.licenceType}`
    : `m_${createHash('sha256').update(m.name.trim()).digest('hex').slice(0, 10)}`;

/** The materials the applicant hands in, each once for every member asking for it. */
export function mergeMaterials(
  members: readonly BundleMemberItem[],
  awaited: readonly AwaitedMaterial[][],
): MergedMaterial[] {
  const merged = new Map<string, MergedMaterial>();
  members.forEach(({ seq, item }, index) => {
    const skipped = new Set(awaited[index]!.map((a) => a.materialId));
    item.guide.materials.forEach((m, i) => {
      const materialId = i + 1;
      // Required materials a department fetches itself are never asked of the applicant.
      if (skipped.has(materialId) || (m.requirement === 'required' && !isAskedOf(m))) return;
      const key = materialKey(m);
      const entry = merged.get(key);
      if (!entry) {
        merged.set(key, {
          key,
          name: m.name,
          requirement: m.requirement,
          condition: m.condition,
          licenceType: m.licenceType,
          uses: [{ seq, materialId }],
        });
        return;
      }
      entry.uses.push({ seq, materialId });
      if (m.requirement === 'required') {
        entry.requirement = 'required';
        entry.condition = null;
      }
    });
  });
  return [...merged.values()];
}

const intersect = (lists: ServiceChannel[][]) =>
  lists.reduce((acc, list) => acc.filter((c) => list.includes(c)));

function describeMembers(members: readonly BundleMemberItem[]) {
  return members.map(({ seq, item }) => ({
    seq,
    itemCode: item.codes.code,
    itemName: item.guide.name,
    departmentId: item.codes.departmentId,
    departmentName: item.department.name,
    promisedLimitDays: item.guide.promisedLimitDays,
    visits: item.guide.visits,
  }));
}

/** The list entry of a bundle: members and what joining them saves. */
export function summarizeBundle(
  spec: Omit<BundleSpec, 'members'>,
  members: readonly BundleMemberItem[],
): BundleSummary {
  const awaited = awaitedMaterialsOf(members);
  const merged = mergeMaterials(members, awaited);
  const visits = members.map((m) => m.item.guide.visits);
  const asked = members.reduce(
    (sum, { item }) =>
      sum + item.guide.materials.filter((m) => isAskedOf(m) || m.requirement !== 'required').length,
    0,
  );
  return {
    code: spec.code,
    name: spec.name,
    description: spec.description,
    audience: spec.audience,
    lifeEventCode: spec.lifeEventCode,
    regionCode: spec.regionCode,
    members: describeMembers(members),
    promisedLimitDays: Math.max(...members.map((m) => m.item.guide.promisedLimitDays)),
    visitsSaved: visits.reduce((a, b) => a + b, 0) - Math.max(...visits),
    fieldsSeparately: spec.fields.reduce((sum, f) => sum + f.targets.length, 0),
    fieldsMerged: spec.fields.length,
    materialsSeparately: asked,
    materialsMerged: merged.length,
  };
}

function describeField(f: BundleFieldSpec, members: readonly BundleMemberItem[]): BundleField {
  return {
    key: f.key,
    label: f.label,
    type: f.type,
    isRequired: f.isRequired,
    options: f.options ?? [],
    maxLength: f.maxLength ?? null,
    help: f.help ?? null,
    isShared: new Set(f.targets.map((t) => t.member)).size > 1,
    targets: f.targets.map((t) => ({
      itemCode: members.find((m) => m.seq === t.member)!.item.codes.code,
      formField: t.formField,
    })),
  };
}

/** The whole bundle as the portal shows it: the merged form and the merged materials. */
export function describeBundle(
  spec: Omit<BundleSpec, 'members'>,
  members: readonly BundleMemberItem[],
): BundleDetail {
  const merged = mergeMaterials(members, awaitedMaterialsOf(members));
  const codeOf = (seq: number) => members.find((m) => m.seq === seq)!.item.codes.code;
  return {
    ...summarizeBundle(spec, members),
    fields: spec.fields.map((f) => describeField(f, members)),
    materials: merged.map((m) => ({
      ...m,
      uses: m.uses.map((u) => ({ itemCode: codeOf(u.seq), materialId: u.materialId })),
    })),
    channels: intersect(members.map((m) => m.item.guide.channels)),
  };
}
