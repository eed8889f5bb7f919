// Evaluation indicators (DOMAIN.md) per lead department or district for a period, from the
// workflow history of the cases in the caller's scope: 立案数, 结案数, 结案率, 按期结案率 =
// on-time closures ÷ (cases due − approved extensions), 返工率, 延期率, average handling time,
// satisfaction, and a composite score out of 100 with configurable weights, ranked.
import { sql, type SqlBool } from 'kysely';
import type { CaseIndicatorRow, CaseIndicators, CaseIndicatorsQuery } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { invalid } from '../../../platform/errors.ts';
import { scopesFor, type Principal } from '../../../platform/auth/principal.ts';
import { CASES_INDICATORS } from './case-access.ts';
import { loopDb } from './case-repository.ts';
import { caseLoopSettings } from './case-settings.ts';
import { CASE_SUBJECT } from './case-workflow.ts';

const satisfactionPoints = { satisfied: 100, basically_satisfied: 80, dissatisfied: 0 } as const;
const shanghaiMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

interface Tally {
  key: string;
  filed: number;
  closed: number;
  onTimeClosed: number;
  due: number;
  extensions: number;
  reworks: number;
  handlingHours: number[];
  callbacks: number[];
}

export async function computeIndicators(
  db: Db,
  principal: Principal,
  query: CaseIndicatorsQuery,
): Promise<CaseIndicators> {
  const from = shanghaiMidnight(query.from);
  const to = new Date(shanghaiMidnight(query.to).getTime() + 86_400_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
    throw invalid('to', 'to must be a date on or after from');
  }
  if (to.getTime() - from.getTime() > 370 * 86_400_000) {
    throw invalid('to', 'the period may span at most a year');
  }
  const groupBy = query.groupBy ?? 'department';
  const scopes = scopesFor(principal, CASES_INDICATORS);
  // Every step of the cases that had a step in the period (the steps before it give deadlines).
  const rows = await loopDb(db)
    .selectFrom('workflow_history as h')
    .innerJoin('workflow_instances as i', 'i.id', 'h.instance_id')
    .innerJoin('cases as c', (join) =>
      join.on('i.subject_type', '=', CASE_SUBJECT).on(sql<SqlBool>`i.subject_id = c.id::text`),
    )
    .select([
      'c.id',
      'c.region_code',
      'c.department_id',
      'c.satisfaction',
      'h.action',
      'h.at',
      'h.seq',
      'h.state_deadline_at',
      'h.to_state',
    ])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('workflow_history as p')
          .select('p.id')
          .whereRef('p.instance_id', '=', 'h.instance_id')
          .where('p.at', '>=', from)
          .where('p.at', '<', to),
      ),
    )
    .where((eb) =>
      scopes.length
        ? eb.or(scopes.map((s) => eb('c.region_code', 'like', `${s.prefix}%`)))
        : sql<SqlBool>`false`,
    )
    .orderBy('c.id')
    .orderBy('h.seq')
    .execute();

  const tallies = new Map<string, Tally>();
  const tallyOf = (key: string) => {
    let t = tallies.get(key);
    if (!t) {
      t = {
        key,
        filed: 0,
        closed: 0,
        onTimeClosed: 0,
        due: 0,
        extensions: 0,
        reworks: 0,
        handlingHours: [],
        callbacks: [],
      };
      tallies.set(key, t);
    }
    return t;
  };
  const inPeriod = (at: Date) => at >= from && at < to;
  const byCase = new Map<number, typeof rows>();
  for (const row of rows) {
    const list = byCase.get(row.id);
    if (list) list.push(row);
    else byCase.set(row.id, [row]);
  }
  for (const steps of byCase.values()) {
    const first = steps[0]!;
    const t = tallyOf(
      groupBy === 'region' ? first.region_code : String(first.department_id ?? 'none'),
    );
    let handlingDeadline: Date | null = null;
    let dispatchedAt: Date | null = null;
    let isLate = false;
    for (const step of steps) {
      const at = new Date(step.at);
      if (step.to_state === 'handling' || step.to_state === 'extended') {
        handlingDeadline = step.state_deadline_at ? new Date(step.state_deadline_at) : null;
        if (step.action === 'dispatch') dispatchedAt = at;
      }
      if (step.action === 'handle' && handlingDeadline && at > handlingDeadline) isLate = true;
      if (!inPeriod(at)) continue;
      switch (step.action) {
        case 'file':
          t.filed += 1;
          break;
        case 'close':
          t.closed += 1;
          t.due += 1;
          if (!isLate) t.onTimeClosed += 1;
          break;
        case 'approve_extension':
          t.extensions += 1;
          break;
        case 'verify_fail':
          t.reworks += 1;
          break;
        case 'handle':
          if (dispatchedAt)
            t.handlingHours.push((at.getTime() - dispatchedAt.getTime()) / 3_600_000);
          break;
        case 'callback':
        case 'reopen': {
          const s = step.action === 'reopen' ? 'dissatisfied' : (first.satisfaction ?? 'satisfied');
          t.callbacks.push(satisfactionPoints[s]);
          break;
        }
      }
    }
    // A case still being handled whose deadline lapsed in the period was due and is late.
    const last = steps.at(-1)!;
    if (
      (last.to_state === 'handling' || last.to_state === 'extended') &&
      handlingDeadline &&
      inPeriod(handlingDeadline) &&
      handlingDeadline < new Date()
    ) {
      t.due += 1;
    }
  }

  const names = new Map<string, string>();
  const keys = [...tallies.keys()];
  if (groupBy === 'department') {
    const ids = keys.filter((k) => k !== 'none').map(Number);
    if (ids.length) {
      for (const d of await db
        .selectFrom('departments')
        .select(['id', 'name'])
        .where('id', 'in', ids)
        .execute()) {
        names.set(String(d.id), d.name);
      }
    }
  } else if (keys.length) {
    for (const d of await db
      .selectFrom('divisions')
      .select(['code', 'name'])
      .where('code', 'in', keys)
      .execute()) {
      names.set(d.code, d.name);
    }
  }

  const weights = caseLoopSettings().scoreWeights;
  const out: CaseIndicatorRow[] = [...tallies.values()].map((t) => {
    const closureRate = ratio(t.closed, t.filed);
    const onTimeRate = ratio(t.onTimeClosed, t.due - t.extensions);
    const reworkRate = ratio(t.reworks, t.filed);
    const satisfaction = t.callbacks.length
      ? Math.round((t.callbacks.reduce((a, b) => a + b, 0) / t.callbacks.length) * 100) / 100
      : null;
    const parts: Array<[number, number | null]> = [
      [weights.closureRate, closureRate === null ? null : Math.min(1, closureRate)],
      [weights.onTimeRate, onTimeRate === null ? null : Math.min(1, onTimeRate)],
      [weights.reworkRate, reworkRate === null ? null : 1 - Math.min(1, reworkRate)],
      [weights.satisfaction, satisfaction === null ? null : satisfaction / 100],
    ];
    const known = parts.filter(([, v]) => v !== null) as Array<[number, number]>;
    const knownWeight = known.reduce((a, [w]) => a + w, 0);
    const score =
      knownWeight > 0
        ? Math.round((known.reduce((a, [w, v]) => a + w * v, 0) / knownWeight) * 10_000) / 100
        : null;
    return {
      key: t.key,
      name: names.get(t.key) ?? (t.key === 'none' ? '未派遣' : t.key),
      filed: t.filed,
      closed: t.closed,
      closureRate,
      onTimeClosed: t.onTimeClosed,
      due: t.due,
      extensions: t.extensions,
      onTimeRate,
      reworked: t.reworks,
      reworkRate,
      dueExtended: 0,
      satisfied: 0,
      basicallySatisfied: 0,
      dissatisfied: 0,
      extensionRate: ratio(t.extensions, t.filed),
      averageHandlingHours: t.handlingHours.length
        ? Math.round((t.handlingHours.reduce((a, b) => a + b, 0) / t.handlingHours.length) * 100) /
          100
        : null,
      callbacks: t.callbacks.length,
      satisfaction,
      score,
      rank: 0,
    };
  });
  out.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.key.localeCompare(b.key));
  out.forEach((row, i) => (row.rank = i + 1));
  const total = { ...out[0]!, key: 'total', name: '合计', rank: 0 };
  return {
    from: query.from,
    to: query.to,
    groupBy,
    weights: { ...weights, extensionRate: 0 },
    rows: out,
    total,
    generatedAt: new Date().toISOString(),
  };
}
