// The working-day calendar as a month view; administrators override single days (next
// year's schedule arrives each November) or remove their overrides.
import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CalendarAnswer, CalendarDay, CalendarOverrideBody } from '@citygov/contracts';
import { del, get, put, withQuery } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { addDays, cityDateOf } from '../shell/format.ts';
import { ErrorView, Loading } from '../shell/status-views.tsx';

const pad = (n: number) => String(n).padStart(2, '0');
const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 0 = Monday … 6 = Sunday. */
const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

function DayEditor({ day, onClose }: { day: CalendarDay | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const done = async () => {
    void message.success(t('common.saved'));
    setNote('');
    await client.invalidateQueries({ queryKey: ['calendar'] });
    onClose();
  };
  const set = useMutation({
    mutationFn: (body: CalendarOverrideBody) =>
      put<CalendarDay>(`/api/admin/calendar/${day?.date}`, body),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: () => del<CalendarDay>(`/api/admin/calendar/${day?.date}`),
    onSuccess: done,
  });
  const error = set.error ?? remove.error;
  const isBusy = set.isPending || remove.isPending;
  const kind = day?.isWorkday ? t('admin.calendar.workday') : t('admin.calendar.dayOff');
  return (
    <Modal
      open={day !== null}
      title={day ? t('admin.calendar.editTitle', { date: day.date }) : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {day && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('admin.calendar.current', {
              kind,
              source: t(`admin.calendar.sources.${day.source}`),
            })}
            {day.name && ` · ${day.name}`}
          </Typography.Text>
          {day.note && <Typography.Text type="secondary">{day.note}</Typography.Text>}
          <label htmlFor="calendar-note">{t('admin.calendar.note')}</label>
          <Input
            id="calendar-note"
            value={note}
            maxLength={200}
            onChange={(e) => setNote(e.target.value)}
          />
          {error && <Alert type="error" showIcon role="alert" title={errorText(t, error)} />}
          <Space wrap>
            <Button
              type={day.isWorkday ? 'default' : 'primary'}
              disabled={isBusy}
              onClick={() =>
                set.mutate({ isWorkday: !day.isWorkday, ...(note.trim() && { note: note.trim() }) })
              }
            >
              {day.isWorkday ? t('admin.calendar.setDayOff') : t('admin.calendar.setWorkday')}
            </Button>
            {day.source === 'override' && (
              <Button disabled={isBusy} onClick={() => remove.mutate()}>
                {t('admin.calendar.removeOverride')}
              </Button>
            )}
          </Space>
        </Space>
      )}
    </Modal>
  );
}

export function CalendarTab() {
  const { t } = useTranslation();
  const today = cityDateOf(new Date());
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const [month, setMonth] = useState(Number(today.slice(5, 7)));
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const from = `${year}-${pad(month)}-01`;
  const to = addDays(from, daysInMonth(year, month) - 1);
  const calendar = useQuery({
    queryKey: ['calendar', from, to],
    queryFn: () => get<CalendarAnswer>(withQuery('/api/calendar', { from, to })),
  });
  const move = (delta: number) => {
    const index = year * 12 + (month - 1) + delta;
    setYear(Math.floor(index / 12));
    setMonth((index % 12) + 1);
  };
  const weekdays = t('admin.calendar.weekdays', { returnObjects: true }) as string[];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 860 }}>
      <Space wrap>
        <Button
          icon={<LeftOutlined />}
          aria-label={t('admin.calendar.prevMonth')}
          onClick={() => move(-1)}
        />
        <Typography.Title
          level={2}
          style={{ margin: 0, fontSize: 18, minWidth: 140, textAlign: 'center' }}
        >
          {t('admin.calendar.month', { year, month })}
        </Typography.Title>
        <Button
          icon={<RightOutlined />}
          aria-label={t('admin.calendar.nextMonth')}
          onClick={() => move(1)}
        />
        <Button
          onClick={() => {
            setYear(Number(today.slice(0, 4)));
            setMonth(Number(today.slice(5, 7)));
          }}
        >
          {t('admin.calendar.thisMonth')}
        </Button>
        {calendar.data && (
          <Typography.Text type="secondary">
            {t('admin.calendar.workingDays', { count: calendar.data.workingDays })}
          </Typography.Text>
        )}
      </Space>
      {calendar.isPending ? (
        <Loading />
      ) : calendar.isError ? (
        <ErrorView error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <section
          aria-label={t('admin.calendar.month', { year, month })}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 4 }}
        >
          {weekdays.map((w) => (
            <div key={w} aria-hidden style={{ textAlign: 'center', fontWeight: 600, padding: 4 }}>
              {w}
            </div>
          ))}
          {Array.from({ length: weekdayOf(from) }, (_, i) => (
            <div key={`blank-${i}`} />
          ))}
          {calendar.data.days.map((day) => {
            const kind = day.isWorkday ? t('admin.calendar.workday') : t('admin.calendar.dayOff');
            return (
              <button
                key={day.date}
                type="button"
                onClick={() => setEditing(day)}
                aria-label={`${day.date} ${kind}${day.name ? ` ${day.name}` : ''}`}
                data-date={day.date}
                style={{
                  minHeight: 64,
                  padding: 6,
                  textAlign: 'start',
                  cursor: 'pointer',
                  borderRadius: 6,
                  border: day.date === today ? '2px solid #1677ff' : '1px solid #d9d9d9',
                  background: day.isWorkday ? '#fff' : '#f6ffed',
                  color: day.isWorkday ? 'inherit' : '#237804',
                  font: 'inherit',
                }}
              >
                <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                  <strong>{Number(day.date.slice(8))}</strong>
                  {day.source === 'override' && (
                    <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                      {t('admin.calendar.overrideMark')}
                    </Tag>
                  )}
                </div>
                <div style={{ fontSize: 12 }}>{day.name ?? (day.isWorkday ? '' : kind)}</div>
              </button>
            );
          })}
        </section>
      )}
      <Typography.Text type="secondary">{t('admin.calendar.legend')}</Typography.Text>
      <DayEditor day={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}
