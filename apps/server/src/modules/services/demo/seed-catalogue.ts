// The demo catalogue: the full guides of the most frequent items and the generated ones, with
// their codes and partner channels, loaded once (items that exist are left as they are).
import { cityDepartmentCode } from '../../../platform/org/index.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { appendAudit, systemActor } from '../../../platform/audit/ledger.ts';
import { lifeEventCodes, resolveCodes } from '../catalogue/catalogue-service.ts';
import { normalizeGuide } from '../catalogue/item-guide.ts';
import { checkGuide } from '../catalogue/item-validation.ts';
import {
  findDepartments,
  findItemKeys,
  findTypeWorkflows,
  insertItems,
  type ItemWrite,
} from '../catalogue/item-repository.ts';
import { invalidateCatalogueIndex } from '../catalogue/search-index.ts';
import { frequentBusinessItems } from './frequent-business.ts';
import { frequentIdentityItems } from './frequent-identity.ts';
import { frequentSocialItems } from './frequent-social.ts';
import { generateDemoItems } from './generate-items.ts';
import { bundleItems } from './bundle-items.ts';
import type { DemoItemSpec } from './guide-builders.ts';

/** The items with full, hand-written guides: the most frequent ones. */
export const frequentItems: readonly DemoItemSpec[] = [
  ...frequentIdentityItems,
  ...frequentSocialItems,
  ...frequentBusinessItems,
];

/** As in the seed document: 53 items on bank terminals, 44 at rural service points. */
export const BANK_TERMINAL_ITEMS = 53;
export const RURAL_POINT_ITEMS = 44;
// Themes that rural service points mostly serve.
const ruralThemes = new Set([
  'citizen.social_security',
  'citizen.assistance',
  'citizen.medical',
  'citizen.elderly',
  'citizen.retirement',
  'citizen.disability',
  'citizen.veterans',
  'enterprise.agriculture',
]);

export interface DemoCatalogueItem extends DemoItemSpec {
  mainCode: string;
  subCode: string;
}

/** Adds a partner channel to the most frequent generated items that can take it, up to `target`. */
function topUpChannel(
  items: DemoCatalogueItem[],
  channel: 'bank_terminal' | 'rural_point',
  target: number,
  preferred: (item: DemoCatalogueItem) => boolean,
) {
  const have = items.filter((i) => i.guide.channels.includes(channel)).length;
  const candidates = items
    .filter(
      (i) =>
        !frequentItems.includes(i) &&
        !i.guide.channels.includes(channel) &&
        i.guide.audience !== 'enterprise' &&
        i.guide.onlineDepth >= 3,
    )
    .sort(
      (a, b) =>
        Number(preferred(b)) - Number(preferred(a)) ||
        (b.guide.frequency ?? 0) - (a.guide.frequency ?? 0) ||
        a.guide.name.localeCompare(b.guide.name, 'zh'),
    );
  for (const item of candidates.slice(0, Math.max(0, target - have))) {
    const channels = item.guide.channels.filter((c) => c !== 'window');
    item.guide = { ...item.guide, channels: [...channels, channel, 'window'] };
  }
}

/** The whole demo catalogue with main and sub codes; the same list on every call. */
export function buildDemoCatalogue(): DemoCatalogueItem[] {
  const nextMain = new Map<string, number>();
  const mainOf = new Map<string, string>();
  const items = [...frequentItems, ...generateDemoItems(), ...bundleItems].map(
    (spec): DemoCatalogueItem => {
      const key = `${spec.type}:${spec.main}`;
      let main = mainOf.get(key);
      if (!main) {
        const n = (nextMain.get(spec.type) ?? 0) + 1;
        nextMain.set(spec.type, n);
        main = String(n).padStart(5, '0');
        mainOf.set(key, main);
      }
      return { ...spec, mainCode: main, subCode: String(spec.sub).padStart(3, '0') };
    },
  );
  const seen = new Set<string>();
  for (const item of items) {
    const code = `${item.dept}:${item.type}${item.mainCode}${item.subCode}`;
    if (seen.has(code))
      throw new Error(`demo catalogue: ${item.guide.name} repeats the code ${code}`);
    seen.add(code);
  }
  // The bundles' own items come last and take no part in the top-up (the rest stays as it was).
  const earlier = items.slice(0, items.length - bundleItems.length);
  topUpChannel(
    earlier,
    'bank_terminal',
    BANK_TERMINAL_ITEMS,
    (i) => i.guide.audience === 'citizen',
  );
  topUpChannel(earlier, 'rural_point', RURAL_POINT_ITEMS, (i) =>
    i.guide.lifeEvents.some((e) => ruralThemes.has(e)),
  );
  return items;
}

export interface CatalogueSeedReport {
  created: number;
  existing: number;
  /** Department abbreviations not in the database (their items are left out). */
  missingDepartments: string[];
}

/** Loads the demo catalogue; idempotent. Departments are looked up by code (CQ-<abbr>). */
export async function seedServiceCatalogue(ctx: AppContext): Promise<CatalogueSeedReport> {
  const { db } = ctx;
  const catalogue = buildDemoCatalogue();
  const departments = new Map((await findDepartments(db)).map((d) => [d.code, d]));
  const [workflows, lifeEvents] = await Promise.all([findTypeWorkflows(db), lifeEventCodes(db)]);
  const missing = new Set<string>();
  const writes: ItemWrite[] = [];
  for (const item of catalogue) {
    const department = departments.get(cityDepartmentCode(item.dept));
    if (!department) {
      missing.add(item.dept);
      continue;
    }
    const { codes, issues } = resolveCodes(
      {
        typeCode: item.type,
        mainCode: item.mainCode,
        subCode: item.subCode,
        departmentId: department.id,
      },
      department,
      new Set([department.regionCode]),
    );
    const guide = normalizeGuide(item.guide, {
      workflowKey: workflows.get(item.type) ?? 'services.standard',
      frequency: 0,
      status: 'active',
    });
    issues.push(...checkGuide(guide, lifeEvents));
    if (!codes || issues.length > 0) {
      throw new Error(
        `demo catalogue: ${item.guide.name} breaks a rule: ${JSON.stringify(issues)}`,
      );
    }
    writes.push({ codes, guide });
  }
  const existing = await findItemKeys(
    db,
    writes.map((w) => w.codes.code),
  );
  const fresh = writes.filter((w) => !existing.has(w.codes.code));
  if (fresh.length > 0) {
    await inTransaction(db, async (trx) => {
      await insertItems(trx, fresh);
      await appendAudit(trx, {
        actor: systemActor,
        action: 'services.catalogue.seed',
        subjectType: 'service_catalogue',
        subjectId: 'demo',
        regionCode: '500000',
        data: { created: fresh.length },
      });
    });
    invalidateCatalogueIndex(db);
  }
  return {
    created: fresh.length,
    existing: existing.size,
    missingDepartments: [...missing].sort(),
  };
}
