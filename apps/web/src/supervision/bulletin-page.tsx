// /supervision/bulletin?month=YYYY-MM: the monthly bulletin (月通报), laid out to be printed
// (or saved as PDF from the print dialog): summary, rankings, overdue list, bad ratings.
import { Button, Input, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { cityDateOf, formatDateTime } from '../shell/format.ts';
import { useMe } from '../shell/use-me.ts';
import { access } from '../shell/access.ts';
import { ForbiddenView, Loading } from '../shell/status-views.tsx';
import { bulletinCss } from './bulletin-css.ts';
import { BadRatingsSection, OverdueSection } from './bulletin-lists.tsx';
import { RankingSection, SummarySection } from './bulletin-sections.tsx';
import { monthEnd } from './period-filter.tsx';

const isMonth = (v: string | null): v is string => !!v && /^\d{4}-(0[1-9]|1[0-2])$/.test(v);

export interface BulletinPeriod {
  month: string;
  from: string;
  /** The month's last day, or today while the month is still running. */
  to: string;
  canSeeCases: boolean;
  canSeeServices: boolean;
}

export function BulletinPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const today = cityDateOf(new Date());
  const month = isMonth(params.get('month')) ? params.get('month')! : today.slice(0, 7);
  if (me.isPending) return <Loading />;
  const user = me.data;
  const canSeeCases = !!user && access.caseIndicators(user);
  const canSeeServices = !!user && access.serviceIndicators(user);
  if (!canSeeCases && !canSeeServices) return <ForbiddenView />;
  const from = `${month}-01`;
  const last = monthEnd(from);
  const period: BulletinPeriod = {
    month,
    from,
    to: last < today ? last : today,
    canSeeCases,
    canSeeServices,
  };
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];

  return (
    <div className="bulletin">
      <style>{bulletinCss}</style>
      <Space wrap className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/supervision?from=${period.from}&to=${period.to}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('supervision.bulletin.back')}</Button>
        </Link>
        <label>
          {t('supervision.bulletin.month')}{' '}
          <Input
            type="month"
            value={month}
            max={today.slice(0, 7)}
            style={{ width: 160 }}
            onChange={(e) => isMonth(e.target.value) && setParams({ month: e.target.value })}
          />
        </label>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('supervision.bulletin.print')}
        </Button>
      </Space>
      <article className="bulletin-paper" aria-labelledby="bulletin-title">
        <p className="bulletin-issuer">{t('supervision.bulletin.issuer')}</p>
        <h1 id="bulletin-title" className="bulletin-title">
          {t('supervision.bulletin.title', { year, month: monthNumber })}
        </h1>
        <p className="bulletin-meta">
          {t('supervision.bulletin.period', { from: period.from, to: period.to })}
          {' · '}
          {t('supervision.bulletin.generated', { at: formatDateTime(new Date().toISOString()) })}
        </p>
        <hr className="bulletin-rule" />
        <SummarySection period={period} />
        <RankingSection period={period} />
        <OverdueSection period={period} />
        <BadRatingsSection period={period} />
        <p className="bulletin-footer">{t('supervision.bulletin.footer')}</p>
      </article>
    </div>
  );
}
