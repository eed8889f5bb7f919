// The bulletin's first two parts: 一、总体情况 (the month in figures) and 二、排名 (rankings of
// departments for cases by composite score and for services by on-time rate).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import type { CaseIndicatorRow, IndicatorRow } from '@citygov/contracts';
import { errorText } from '../shell/error-text.ts';
import { formatNumber } from '../shell/format.ts';
import type { BulletinPeriod } from './bulletin-page.tsx';
import { formatHours, formatScore, formatShare } from './rates.ts';
import { useCaseIndicators, useServiceIndicators } from './supervision-queries.ts';

const TOP = 10;
const BOTTOM = 3;

/** Loading and error lines that still read well on paper. */
export function Pending<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <p className="bulletin-note">{t('common.loading')}</p>;
  if (query.isError) {
    return (
      <p className="bulletin-note" role="alert">
        {errorText(t, query.error)}
      </p>
    );
  }
  return <>{children(query.data)}</>;
}

function useMonthIndicators(period: BulletinPeriod) {
  const range = { from: period.from, to: period.to };
  const cases = useCaseIndicators({ ...range, groupBy: 'department' }, period.canSeeCases);
  const services = useServiceIndicators({ ...range, groupBy: 'department' }, period.canSeeServices);
  return { cases, services };
}

export function SummarySection({ period }: { period: BulletinPeriod }) {
  const { t } = useTranslation();
  const { cases, services } = useMonthIndicators(period);
  return (
    <section data-testid="bulletin-summary">
      <h2>{t('supervision.bulletin.summary')}</h2>
      {period.canSeeCases && (
        <Pending query={cases}>
          {(data) => (
            <p>
              {t('supervision.bulletin.casesSummary', {
                filed: formatNumber(data.total.filed),
                closed: formatNumber(data.total.closed),
                closureRate: formatShare(data.total.closureRate),
                onTimeRate: formatShare(data.total.onTimeRate),
                reworkRate: formatShare(data.total.reworkRate),
                hours: formatHours(data.total.averageHandlingHours),
                satisfaction: formatScore(data.total.satisfaction),
                score: formatScore(data.total.score),
              })}
            </p>
          )}
        </Pending>
      )}
      {period.canSeeServices && (
        <Pending query={services}>
          {(data) => (
            <p>
              {t('supervision.bulletin.servicesSummary', {
                received: formatNumber(data.total.counts.received),
                finished: formatNumber(data.total.counts.finished),
                onTimeRate: formatShare(data.total.values.onTimeRate),
                onlineRate: formatShare(data.total.values.onlineRate),
                oneVisit: formatShare(data.total.values.atMostOneVisitShare),
                satisfaction: formatShare(data.total.values.satisfaction),
                rectification: formatShare(data.total.values.rectificationRate),
              })}
            </p>
          )}
        </Pending>
      )}
    </section>
  );
}

/** The first TOP rows and the last BOTTOM (marked), without repeating a row. */
function topAndBottom<T>(rows: T[]): Array<{ row: T; isBottom: boolean }> {
  const top = rows.slice(0, TOP).map((row) => ({ row, isBottom: false }));
  const bottom = rows
    .slice(Math.max(TOP, rows.length - BOTTOM))
    .map((row) => ({ row, isBottom: true }));
  return [...top, ...bottom];
}

function CaseRanking({ rows }: { rows: CaseIndicatorRow[] }) {
  const { t } = useTranslation();
  const scored = rows.filter((r) => r.score !== null);
  if (scored.length === 0)
    return <p className="bulletin-note">{t('supervision.bulletin.noCases')}</p>;
  return (
    <table data-testid="bulletin-case-ranking">
      <thead>
        <tr>
          <th className="num">{t('supervision.rank')}</th>
          <th>{t('supervision.department')}</th>
          <th className="num">{t('supervision.cases.filed')}</th>
          <th className="num">{t('supervision.cases.closureRate')}</th>
          <th className="num">{t('supervision.cases.onTimeRate')}</th>
          <th className="num">{t('supervision.cases.satisfaction')}</th>
          <th className="num">{t('supervision.cases.score')}</th>
        </tr>
      </thead>
      <tbody>
        {topAndBottom(scored).map(({ row, isBottom }) => (
          <tr key={row.key} className={isBottom ? 'bottom' : undefined}>
            <td className="num">{row.rank}</td>
            <td>{row.name}</td>
            <td className="num">{formatNumber(row.filed)}</td>
            <td className="num">{formatShare(row.closureRate)}</td>
            <td className="num">{formatShare(row.onTimeRate)}</td>
            <td className="num">{formatScore(row.satisfaction)}</td>
            <td className="num">{formatScore(row.score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Departments that finished something, best on-time rate first (then satisfaction). */
const rankServices = (rows: IndicatorRow[]) =>
  rows
    .filter((r) => r.counts.finished > 0)
    .sort(
      (a, b) =>
        (b.values.onTimeRate ?? 0) - (a.values.onTimeRate ?? 0) ||
        (b.values.satisfaction ?? 0) - (a.values.satisfaction ?? 0) ||
        b.counts.finished - a.counts.finished,
    );

function ServiceRanking({ rows }: { rows: IndicatorRow[] }) {
  const { t } = useTranslation();
  const ranked = rankServices(rows);
  if (ranked.length === 0) {
    return <p className="bulletin-note">{t('supervision.bulletin.noServices')}</p>;
  }
  const rankOf = new Map(ranked.map((r, i) => [r, i + 1]));
  return (
    <table data-testid="bulletin-service-ranking">
      <thead>
        <tr>
          <th className="num">{t('supervision.rank')}</th>
          <th>{t('supervision.department')}</th>
          <th className="num">{t('supervision.services.received')}</th>
          <th className="num">{t('supervision.services.finished')}</th>
          <th className="num">{t('supervision.services.onTimeRate')}</th>
          <th className="num">{t('supervision.services.onlineRate')}</th>
          <th className="num">{t('supervision.services.satisfaction')}</th>
        </tr>
      </thead>
      <tbody>
        {topAndBottom(ranked).map(({ row, isBottom }) => (
          <tr key={row.departmentId} className={isBottom ? 'bottom' : undefined}>
            <td className="num">{rankOf.get(row)}</td>
            <td>{row.departmentName}</td>
            <td className="num">{formatNumber(row.counts.received)}</td>
            <td className="num">{formatNumber(row.counts.finished)}</td>
            <td className="num">{formatShare(row.values.onTimeRate)}</td>
            <td className="num">{formatShare(row.values.onlineRate)}</td>
            <td className="num">{formatShare(row.values.satisfaction)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RankingSection({ period }: { period: BulletinPeriod }) {
  const { t } = useTranslation();
  const { cases, services } = useMonthIndicators(period);
  return (
    <section data-testid="bulletin-rankings">
      <h2>{t('supervision.bulletin.rankings')}</h2>
      <p className="bulletin-note">
        {t('supervision.bulletin.rankingNote', { top: TOP, bottom: BOTTOM })}
      </p>
      {period.canSeeCases && (
        <>
          <h3>{t('supervision.bulletin.caseRanking')}</h3>
          <Pending query={cases}>{(data) => <CaseRanking rows={data.rows} />}</Pending>
        </>
      )}
      {period.canSeeServices && (
        <>
          <h3>{t('supervision.bulletin.serviceRanking')}</h3>
          <Pending query={services}>{(data) => <ServiceRanking rows={data.rows} />}</Pending>
        </>
      )}
    </section>
  );
}
