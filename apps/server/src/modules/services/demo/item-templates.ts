// The shape of the per-department templates the generated part of the demo catalogue comes
// from: each department lists real kinds of items; a kind expands into its sub items
// (首次申请 / 变更 / 延续 / 注销 / 补证 ...), each with a guide built from the kind and its department.
import type { ServiceAudience, ServiceItemType, SpecialStep } from '@citygov/contracts';

export const variantSets = {
  single: [''],
  licence: ['首次申请', '变更', '延续', '注销', '补证'],
  licence3: ['首次申请', '变更', '延续', '注销'],
  change: ['新办', '变更'],
  certificate: ['新办', '补办', '换发'],
  reissue: ['换发', '补发'],
  filing: ['备案', '变更备案', '注销备案'],
  benefit: ['申领', '变更', '停发'],
} as const;
export type VariantSet = keyof typeof variantSets;

export interface KindOptions {
  audience?: ServiceAudience;
  /** Legal limit and the longest promised limit, in working days. */
  days?: readonly [number, number];
  /** Materials particular to this kind (the form, identity and proxy are added for all). */
  materials?: readonly string[];
  /** The electronic licence a granted application issues. */
  licence?: string;
  special?: readonly [string, SpecialStep['kind'], number];
  theme?: string;
  law?: string;
  conditions?: string;
  keywords?: readonly string[];
  fee?: readonly [number | null, string];
  /** Needs two visits (on-site examination, originals, collection). */
  isTwoVisits?: boolean;
  /** Joins the sub items of an existing main item (e.g. a frequent item's), from this sub number. */
  main?: string;
  subStart?: number;
  /** Names its sub items by a pattern ({v} = the variant) instead of "<name>（<variant>）". */
  pattern?: string;
}

export interface KindTemplate extends KindOptions {
  type: ServiceItemType;
  name: string;
  /** A variant set, or the kind's own list of sub items. */
  variants: VariantSet | readonly string[];
}

export interface DepartmentTemplate {
  dept: string;
  law: string;
  theme: string;
  audience: ServiceAudience;
  kinds: readonly KindTemplate[];
}

const kind =
  (type: ServiceItemType) =>
  (
    name: string,
    variants: VariantSet | readonly string[] = 'single',
    options: KindOptions = {},
  ): KindTemplate => ({
    type,
    name,
    variants,
    ...options,
  });

export const xk = kind('XK');
export const qr = kind('QR');
export const jf = kind('JF');
export const gg = kind('GG');
export const qt = kind('QT');
export const zs = kind('ZS');
export const jl = kind('JL');
export const cj = kind('CJ');

export const department = (
  dept: string,
  law: string,
  theme: string,
  audience: ServiceAudience,
  kinds: KindTemplate[],
): DepartmentTemplate => ({ dept, law, theme, audience, kinds });
