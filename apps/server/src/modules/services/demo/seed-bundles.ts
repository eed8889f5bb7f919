// Loads the demo bundles: each member item found by its department and name; a bundle whose
// items are missing (a catalogue loaded before they were added) is reported and left out.
import type { AppContext } from '../../../platform/http/context.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { cityDepartmentCode } from '../../../platform/org/index.ts';
import { checkBundleSpec, saveBundle, type BundleSpec } from '../bundles/index.ts';
import { demoBundles } from './bundle-catalogue.ts';

export interface BundleSeedReport {
  saved: string[];
  /** Bundle code → the members not found. */
  incomplete: Record<string, string[]>;
}

/** Saves every demo bundle whose items exist (idempotent: a bundle is replaced whole). */
export async function seedDemoBundles(ctx: AppContext): Promise<BundleSeedReport> {
  const rows = await ctx.db
    .selectFrom('service_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.code', 'i.name', 'd.code as department_code'])
    .where('i.region_code', '=', '500000')
    .where('i.status', '=', 'active')
    .execute();
  const byName = new Map(rows.map((r) => [`${r.department_code}|${r.name}`, r.code]));
  const report: BundleSeedReport = { saved: [], incomplete: {} };
  const specs: BundleSpec[] = [];
  demoBundles.forEach((b, i) => {
    const codes = b.members.map(([dept, name]) =>
      byName.get(`${cityDepartmentCode(dept)}|${name}`),
    );
    const missing = b.members.filter((_, j) => codes[j] === undefined).map(([d, n]) => `${d} ${n}`);
    if (missing.length) {
      report.incomplete[b.code] = missing;
      return;
    }
    const spec: BundleSpec = {
      code: b.code,
      regionCode: '500000',
      name: b.name,
      description: b.description,
      audience: b.audience,
      lifeEventCode: b.lifeEventCode,
      sortOrder: (i + 1) * 10,
      members: codes as string[],
      fields: b.fields,
    };
    const issues = checkBundleSpec(spec);
    if (issues.length) throw new Error(`demo bundle ${b.code}: ${issues.join('; ')}`);
    specs.push(spec);
  });
  await inTransaction(ctx.db, async (trx) => {
    for (const spec of specs) await saveBundle(trx, spec);
  });
  report.saved = specs.map((s) => s.code);
  return report;
}
