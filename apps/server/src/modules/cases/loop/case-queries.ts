// Lists of cases: the scoped list for staff (filters, map box, pages), a citizen's own cases,
// and the 12319 call taker's look-up by the caller's phone (blind index, audited).
import { sql, type AliasedSelectQueryBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { CaseList, CaseListQuery, CasePageQuery } from '@citygov/contracts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { actorOf, scopesFor, type Principal } from '../../../platform/auth/principal.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { checkPhone } from '../../../platform/people/index.ts';
import type { PersonalDataCipher } from '../../../platform/crypto/personal-data.ts';
import { parseBbox } from '../grids.ts';
import type { Bbox } from '../geo.ts';
import { cellKeySql, cellsCovering, openCellKeySql } from './case-cells.ts';
import { CASES_LOOKUP_PHONE, CASES_READ } from './case-access.ts';
import {
  asSummaryRow,
  loopDb,
  selectCases,
  summaryColumns,
  toCaseSummary,
} from './case-repository.ts';

type CaseQuery = ReturnType<typeof selectCases>;

/** Latest first, or (a to-do queue) the soonest step deadline first, cases without one last. */
function sorted(query: CaseQuery, sort: CaseListQuery['sort']) {
  const withColumns = query.select(summaryColumns);
  return sort === 'deadline'
    ? withColumns
        .orderBy('i.state_deadline_at', (ob) => ob.asc().nullsLast())
        .orderBy('c.id', 'asc')
    : withColumns.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc');
}

/** Counting stops here: with years of cases a list says "more than 10,000" instead. */
export const MAX_COUNTED = 10_000;

/**
 * Open cases in a map box are counted this far: the map then says "1,000+ in view". Counting
 * 16,000 open cases for every pan of the map cost more than the page itself.
 */
export const MAX_COUNTED_IN_BOX = 1_000;

/** A box of at most this many map cells is read cell by cell (case-cells.ts). */
const MAX_BOX_CELLS = 36;

/** The ids and times of the cases matching a list's filters in one map cell, newest first. */
type CellCandidates = (
  cell: number,
  limit: number,
) => {
  as<A extends string>(alias: A): AliasedSelectQueryBuilder<{ id: number; created_at: Date }, A>;
};

/**
 * The ids of the newest cases in each of the box's cells, merged: each cell is read newest
 * first through its index and stops at `limit`, so years of cases in the box are not sorted.
 * Only ids and times are read there (the planner cannot know how many cases a cell holds, and
 * with nothing else to join it keeps the index order); the page is joined afterwards. Null for
 * a box of many cells (a large box finds its newest cases soon enough by time).
 */
function newestIdsByCell(db: Db, candidates: CellCandidates, box: Bbox, limit: number) {
  const cells = cellsCovering(box, MAX_BOX_CELLS);
  if (!cells) return null;
  const [first, ...rest] = cells.map((cell, i) =>
    loopDb(db)
      .selectFrom(candidates(cell, limit).as(`cell${i}`))
      .selectAll(),
  );
  const merged = rest.reduce((all, next) => all.unionAll(next), first!);
  return loopDb(db)
    .selectFrom(merged.as('newest'))
    .select('newest.id')
    .orderBy('newest.created_at', 'desc')
    .orderBy('newest.id', 'desc');
}

/**
 * A map box's list: the page, and either whether more lie beyond it (the box is not counted)
 * or, given `count`, the cases counted up to MAX_COUNTED_IN_BOX.
 */
async function pageInBox(
  db: Db,
  query: CaseQuery,
  candidates: CellCandidates,
  box: Bbox,
  pageNo: number,
  pageSize: number,
  sort: CaseListQuery['sort'] = 'newest',
  count?: () => Promise<number>,
): Promise<CaseList> {
  const offset = (pageNo - 1) * pageSize;
  const ids =
    sort === 'newest' ? newestIdsByCell(db, candidates, box, offset + pageSize + 1) : null;
  const [rows, counted] = await Promise.all([
    ids
      ? sorted(selectCases(db), 'newest')
          .where('c.id', 'in', ids.limit(pageSize + 1).offset(offset))
          .execute()
      : sorted(query, sort)
          .limit(pageSize + 1)
          .offset(offset)
          .execute(),
    count?.(),
  ]);
  const now = new Date();
  const isCapped = counted === undefined ? rows.length > pageSize : counted > MAX_COUNTED_IN_BOX;
  return {
    items: rows.slice(0, pageSize).map((r) => toCaseSummary(asSummaryRow(r), now)),
    total:
      counted === undefined
        ? offset + Math.min(rows.length, pageSize)
        : Math.min(counted, MAX_COUNTED_IN_BOX),
    ...(isCapped && { isTotalCapped: true }),
    page: pageNo,
    pageSize,
  };
}

/** Counts the query's rows up to just past the cap: one row comes back, not one per case. */
export const countUpToCap = (db: Db, query: { select: CaseQuery['select'] }, cap = MAX_COUNTED) =>
  sql<{ n: number }>`SELECT count(*)::int AS n
    FROM (${query.select(sql<number>`1`.as('one')).limit(cap + 1)}) AS capped`
    .execute(db)
    .then((result) => result.rows[0]!.n);

async function page(
  db: Db,
  query: CaseQuery,
  pageNo: number,
  pageSize: number,
  sort: CaseListQuery['sort'] = 'newest',
  count: () => Promise<number> = () => countUpToCap(db, query),
): Promise<CaseList> {
  const [rows, counted] = await Promise.all([
    sorted(query, sort)
      .limit(pageSize)
      .offset((pageNo - 1) * pageSize)
      .execute(),
    count(),
  ]);
  const now = new Date();
  return {
    items: rows.map((r) => toCaseSummary(asSummaryRow(r), now)),
    total: Math.min(counted, MAX_COUNTED),
    ...(counted > MAX_COUNTED && { isTotalCapped: true }),
    page: pageNo,
    pageSize,
  };
}

/** Who may read which cases: the district, and the department for department-bound staff. */
function scopeCondition(principal: Principal): RawBuilder<SqlBool> {
  const scopes = scopesFor(principal, CASES_READ);
  if (!scopes.length) return sql<SqlBool>`false`;
  const each = scopes.map((s) => {
    const inRegion = sql<SqlBool>`c.region_code LIKE ${`${s.prefix}%`}`;
    if (s.departmentId === null) return inRegion;
    // Department-bound staff: the lead or an assisting department is theirs.
    return sql<SqlBool>`(${inRegion} AND EXISTS (SELECT 1 FROM case_departments cd
      WHERE cd.case_id = c.id AND cd.department_id = ${s.departmentId}))`;
  });
  return sql<SqlBool>`(${sql.join(each, sql` OR `)})`;
}

/**
 * The list's conditions on the case row itself (no workflow columns): `shared`, and `inCells`
 * (the box's map cells, when it is small enough to be read cell by cell). A cell's own read
 * names its cell instead of them all: the same rows, and a third less for the planner to
 * match against the partial indexes' expressions (planning a four-cell page took longer than
 * running it).
 */
function caseConditions(principal: Principal, query: CaseListQuery, box: Bbox | null) {
  const shared = [scopeCondition(principal)];
  let inCells: RawBuilder<SqlBool> | null = null;
  if (query.categoryCode) shared.push(sql`c.category_code = ${query.categoryCode}`);
  if (query.regionCode) shared.push(sql`c.region_code = ${query.regionCode}`);
  if (query.gridCode) shared.push(sql`c.grid_code = ${query.gridCode}`);
  // A small box's cells lead to the cell indexes: of all cases, and of open ones (migration
  // 0025), whose key says the case is open. Elsewhere the case's own open flag (kept by its
  // steps) reads through a partial index on open cases.
  const cells = box && cellsCovering(box, MAX_BOX_CELLS);
  if (cells && query.isOpen === true) {
    inCells = sql<SqlBool>`${openCellKeySql} IN (${sql.join(cells)})`;
  } else {
    if (query.isOpen !== undefined) shared.push(sql`c.is_open = ${query.isOpen}`);
    if (cells) inCells = sql<SqlBool>`${cellKeySql} IN (${sql.join(cells)})`;
  }
  if (box) {
    const [minLon, minLat, maxLon, maxLat] = box;
    shared.push(
      sql`c.lon >= ${minLon} AND c.lon <= ${maxLon} AND c.lat >= ${minLat} AND c.lat <= ${maxLat}`,
    );
  }
  return { shared, inCells };
}

/** Cases the caller may read (district, and department for department-bound staff). */
export async function listCases(
  db: Db,
  principal: Principal,
  query: CaseListQuery,
): Promise<CaseList> {
  const box = query.bbox ? parseBbox(query.bbox) : null;
  const { shared, inCells } = caseConditions(principal, query, box);
  // anyCell: every filter but the box's cells (a cell's own read names its cell).
  let anyCell = selectCases(db);
  for (const condition of shared) anyCell = anyCell.where(condition);
  if (query.state) anyCell = anyCell.where('i.state', 'in', query.state.split(','));
  if (query.isOverdue !== undefined) {
    const overdue = sql<SqlBool>`(i.closed_at IS NULL AND (i.is_overdue OR (i.paused_at IS NULL AND i.state_deadline_at < now())))`;
    anyCell = anyCell.where(query.isOverdue ? overdue : sql<SqlBool>`NOT ${overdue}`);
  }
  const q = inCells ? anyCell.where(inCells) : anyCell;
  // Counting every case ever reported in a box reads years of them: such a list gets its page
  // and whether more follow. Open cases are fewer (a partial index): they are counted, in a
  // box up to MAX_COUNTED_IN_BOX.
  // Without workflow filters the case rows alone are read to find and count the cases.
  const isCaseOnly = !query.state && query.isOverdue === undefined;
  const caseRows = (withCells = true) => {
    let cases = loopDb(db).selectFrom('cases as c');
    for (const condition of shared) cases = cases.where(condition);
    return withCells && inCells ? cases.where(inCells) : cases;
  };
  if (box) {
    const cellKey = query.isOpen === true ? openCellKeySql : cellKeySql;
    const candidates: CellCandidates = (cell, limit) =>
      (isCaseOnly ? caseRows(false) : anyCell)
        .where(cellKey, '=', cell)
        .select(['c.id', 'c.created_at'])
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(limit);
    const countOpen =
      query.isOpen === true
        ? () => countUpToCap(db, isCaseOnly ? caseRows() : q, MAX_COUNTED_IN_BOX)
        : undefined;
    const { page: pageNo = 1, pageSize = 50, sort } = query;
    return pageInBox(db, q, candidates, box, pageNo, pageSize, sort, countOpen);
  }
  const count = () => countUpToCap(db, isCaseOnly ? caseRows() : q);
  return page(db, q, query.page ?? 1, query.pageSize ?? 50, query.sort, count);
}

/** The cases the caller reported or joined. */
export async function listMyCases(
  db: Db,
  principal: Principal,
  query: CasePageQuery,
): Promise<CaseList> {
  const me = principal.userId ?? -1;
  const q = selectCases(db).where((eb) =>
    eb.exists(
      eb
        .selectFrom('case_reporters as r')
        .select('r.id')
        .whereRef('r.case_id', '=', 'c.id')
        .where('r.user_id', '=', me),
    ),
  );
  return page(db, q, query.page ?? 1, query.pageSize ?? 20);
}

/** A caller's cases by phone, within the call taker's regions; the read is audited. */
export async function listCasesByPhone(
  db: Db,
  cipher: PersonalDataCipher,
  principal: Principal,
  query: { phone: string; purpose?: string },
): Promise<CaseList> {
  const phone = checkPhone(query.phone, 'phone');
  const hash = cipher.blindIndex(phone);
  const scopes = scopesFor(principal, CASES_LOOKUP_PHONE);
  const q = selectCases(db).where((eb) =>
    eb.and([
      eb.exists(
        eb
          .selectFrom('case_reporters as r')
          .select('r.id')
          .whereRef('r.case_id', '=', 'c.id')
          .where('r.phone_hash', '=', hash),
      ),
      scopes.length
        ? eb.or(scopes.map((s) => eb('c.region_code', 'like', `${s.prefix}%`)))
        : sql<SqlBool>`false`,
    ]),
  );
  const result = await page(db, q, 1, 100);
  await inTransaction(db, async (trx) => {
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'case.lookup_by_phone',
      subjectType: 'case_reporter',
      subjectId: hash.slice(0, 16),
      regionCode: principal.regionCode ?? '500000',
      purpose: query.purpose?.trim() || '12319 caller enquiry',
      data: { found: result.total, caseIds: result.items.map((i) => i.id) },
    });
  });
  return result;
}
