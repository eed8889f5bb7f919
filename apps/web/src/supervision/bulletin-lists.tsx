// The bulletin's lists: 三、超期清单 (cases still open past their step deadline; applications
// overdue on the period's last day) and 四、差评情况 (bad service ratings and their
// rectification; dissatisfied case call backs by department).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseList, CaseListQuery } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { formatDate, formatDateTime, formatNumber, localized } from '../shell/format.ts';
import { DepartmentName, RegionName } from '../org/org-fields.tsx';
import type { BulletinPeriod } from './bulletin-page.tsx';
import { Pending } from './bulletin-sections.tsx';
import { formatScore } from './rates.ts';
import { useBadRatings, useCaseIndicators, useDailyScan } from './supervision-queries.ts';

const LIST_LIMIT = 100;

function useOverdueCases(isEnabled: boolean) {
  const query: CaseListQuery = {
    isOpen: true,
    isOverdue: true,
    sort: 'deadline',
    pageSize: LIST_LIMIT,
  };
  return useQuery({
    queryKey: ['supervision', 'overdue-cases'],
    queryFn: () => get<CaseList>(withQuery('/api/cases', query)),
    enabled: isEnabled,
    retry: false,
  });
}

export function OverdueSection({ period }: { period: BulletinPeriod }) {
  const { t } = useTranslation();
  const cases = useOverdueCases(period.canSeeCases);
  const scan = useDailyScan({ date: period.to }, period.canSeeServices);
  return (
    <section data-testid="bulletin-overdue">
      <h2>{t('supervision.bulletin.overdue')}</h2>
      {period.canSeeCases && (
        <>
          <h3>{t('supervision.bulletin.overdueCases')}</h3>
          <Pending query={cases}>
            {(data) =>
              data.items.length === 0 ? (
                <p className="bulletin-note">{t('supervision.bulletin.noOverdueCases')}</p>
              ) : (
                <>
                  <p className="bulletin-note">
                    {t('supervision.bulletin.overdueCasesNote', {
                      total: formatNumber(data.total),
                      shown: formatNumber(data.items.length),
                    })}
                  </p>
                  <table data-testid="bulletin-overdue-cases">
                    <thead>
                      <tr>
                        <th>{t('supervision.bulletin.caseNumber')}</th>
                        <th>{t('supervision.bulletin.category')}</th>
                        <th>{t('supervision.region')}</th>
                        <th>{t('supervision.department')}</th>
                        <th>{t('supervision.scan.state')}</th>
                        <th>{t('supervision.scan.deadline')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((c) => (
                        <tr key={c.id}>
                          <td>{c.caseNumber}</td>
                          <td>{c.categoryName}</td>
                          <td>
                            <RegionName code={c.regionCode} />
                          </td>
                          <td>
                            <DepartmentName id={c.departmentId} />
                          </td>
                          <td>{localized(c.stateLabel)}</td>
                          <td>{formatDateTime(c.stateDeadlineAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )
            }
          </Pending>
        </>
      )}
      {period.canSeeServices && (
        <>
          <h3>{t('supervision.bulletin.overdueApplications', { date: period.to })}</h3>
          <Pending query={scan}>
            {(data) => {
              const late = data.departments.flatMap((d) =>
                d.entries
                  .filter((e) => e.status === 'overdue')
                  .map((e) => ({ ...e, departmentName: d.departmentName })),
              );
              return late.length === 0 ? (
                <p className="bulletin-note">{t('supervision.bulletin.noOverdueApplications')}</p>
              ) : (
                <table data-testid="bulletin-overdue-applications">
                  <thead>
                    <tr>
                      <th>{t('supervision.department')}</th>
                      <th>{t('supervision.scan.number')}</th>
                      <th>{t('supervision.scan.item')}</th>
                      <th>{t('supervision.scan.deadline')}</th>
                      <th className="num">{t('supervision.bulletin.lateDays')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {late.slice(0, LIST_LIMIT).map((e) => (
                      <tr key={e.applicationId}>
                        <td>{e.departmentName}</td>
                        <td>{e.number}</td>
                        <td>{e.itemName}</td>
                        <td>{formatDateTime(e.deadlineAt)}</td>
                        <td className="num">{formatNumber(Math.max(0, -e.workingDaysLeft))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              );
            }}
          </Pending>
        </>
      )}
    </section>
  );
}

export function BadRatingsSection({ period }: { period: BulletinPeriod }) {
  const { t } = useTranslation();
  const ratings = useBadRatings(period.from, period.to, period.canSeeServices);
  const cases = useCaseIndicators(
    { from: period.from, to: period.to, groupBy: 'department' },
    period.canSeeCases,
  );
  return (
    <section data-testid="bulletin-bad-ratings">
      <h2>{t('supervision.bulletin.badRatings')}</h2>
      {period.canSeeServices && (
        <>
          <h3>{t('supervision.bulletin.serviceBadRatings')}</h3>
          <Pending query={ratings}>
            {(items) =>
              items.length === 0 ? (
                <p className="bulletin-note">{t('supervision.bulletin.noBadRatings')}</p>
              ) : (
                <table data-testid="bulletin-bad-rating-list">
                  <thead>
                    <tr>
                      <th>{t('supervision.bulletin.ratedAt')}</th>
                      <th>{t('supervision.scan.item')}</th>
                      <th>{t('supervision.department')}</th>
                      <th>{t('supervision.bulletin.level')}</th>
                      <th>{t('supervision.bulletin.rectification')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((r) => (
                      <tr key={r.ratingId}>
                        <td>{formatDate(r.createdAt)}</td>
                        <td>{r.itemName}</td>
                        <td>
                          <DepartmentName id={r.departmentId} />
                        </td>
                        <td>{t(`supervision.bulletin.levels.${r.level}`)}</td>
                        <td>
                          {localized(r.stateLabel)}
                          {r.isOverdue && ` (${t('supervision.bulletin.lateRectification')})`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Pending>
        </>
      )}
      {period.canSeeCases && (
        <>
          <h3>{t('supervision.bulletin.caseDissatisfied')}</h3>
          <Pending query={cases}>
            {(data) => {
              const rows = data.rows.filter((r) => r.dissatisfied > 0);
              return rows.length === 0 ? (
                <p className="bulletin-note">{t('supervision.bulletin.noDissatisfied')}</p>
              ) : (
                <table data-testid="bulletin-case-dissatisfied">
                  <thead>
                    <tr>
                      <th>{t('supervision.department')}</th>
                      <th className="num">{t('supervision.bulletin.callbacks')}</th>
                      <th className="num">{t('supervision.bulletin.dissatisfied')}</th>
                      <th className="num">{t('supervision.cases.satisfaction')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.key}>
                        <td>{r.name}</td>
                        <td className="num">{formatNumber(r.callbacks)}</td>
                        <td className="num">{formatNumber(r.dissatisfied)}</td>
                        <td className="num">{formatScore(r.satisfaction)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              );
            }}
          </Pending>
        </>
      )}
    </section>
  );
}
