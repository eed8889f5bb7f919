// The period every supervision figure is for: two city dates kept in the URL (?from&to), so a
// link or a bookmark shows the same numbers; quick picks for the usual periods.
import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addDays, cityDateOf } from '../shell/format.ts';

const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

/** The last day of the month a date lies in. */
export function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const today = cityDateOf(new Date());
  const from = isDate(params.get('from')) ? params.get('from')! : monthStart(today);
  const to = isDate(params.get('to')) ? params.get('to')! : today;
  const setPeriod = (f: string, t: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('from', f);
        next.set('to', t);
        return next;
      },
      { replace: true },
    );
  return { from, to, today, setPeriod };
}

export function PeriodFilter() {
  const { t } = useTranslation();
  const { from, to, today, setPeriod } = usePeriod();
  const lastMonthEnd = addDays(monthStart(today), -1);
  const picks: Array<{ key: string; from: string; to: string }> = [
    { key: 'thisMonth', from: monthStart(today), to: today },
    { key: 'lastMonth', from: monthStart(lastMonthEnd), to: lastMonthEnd },
    { key: 'last30', from: addDays(today, -29), to: today },
    { key: 'thisYear', from: `${today.slice(0, 4)}-01-01`, to: today },
  ];
  return (
    <Space wrap>
      <label>
        {t('supervision.period.from')}{' '}
        <Input
          type="date"
          value={from}
          max={to}
          style={{ width: 150 }}
          onChange={(e) => isDate(e.target.value) && setPeriod(e.target.value, to)}
        />
      </label>
      <label>
        {t('supervision.period.to')}{' '}
        <Input
          type="date"
          value={to}
          min={from}
          style={{ width: 150 }}
          onChange={(e) => isDate(e.target.value) && setPeriod(from, e.target.value)}
        />
      </label>
      {picks.map((p) => (
        <Button
          key={p.key}
          size="small"
          type={p.from === from && p.to === to ? 'primary' : 'default'}
          onClick={() => setPeriod(p.from, p.to)}
        >
          {t(`supervision.period.${p.key}`)}
        </Button>
      ))}
    </Space>
  );
}
