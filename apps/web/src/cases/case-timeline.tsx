// Every step of a case: who did what and when, the note, the departments, days, satisfaction
// and photos of the step. Citizens see the steps without the staff members' names.
import type { ReactNode } from 'react';
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkflowHistoryEntry } from '@citygov/contracts';
import { DepartmentName } from '../org/org-fields.tsx';
import { formatDateTime } from '../shell/format.ts';
import { PhotoStrip } from './case-photos.tsx';

const colourOf = (action: string) =>
  action.startsWith('timer.') || action === 'supervise'
    ? 'red'
    : ['return', 'verify_fail', 'decline', 'reject_extension', 'reopen'].includes(action)
      ? 'orange'
      : ['verify_pass', 'close', 'callback'].includes(action)
        ? 'green'
        : 'blue';

const photoKeys = ['beforePhotos', 'afterPhotos', 'photos'] as const;
const isHashList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

function EntryData({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const lines: ReactNode[] = [];
  if (typeof data.departmentId === 'number') {
    lines.push(
      <div key="lead">
        <Typography.Text type="secondary">{t('cases.timeline.lead')}</Typography.Text>{' '}
        <DepartmentName id={data.departmentId} />
      </div>,
    );
  }
  if (Array.isArray(data.assistDepartmentIds) && data.assistDepartmentIds.length > 0) {
    lines.push(
      <div key="assist">
        <Typography.Text type="secondary">{t('cases.timeline.assist')}</Typography.Text>{' '}
        {(data.assistDepartmentIds as number[]).map((id, i) => (
          <span key={id}>
            {i > 0 && '、'}
            <DepartmentName id={id} />
          </span>
        ))}
      </div>,
    );
  }
  if (typeof data.extensionWorkdays === 'number') {
    lines.push(
      <div key="ext">{t('cases.timeline.extension', { count: data.extensionWorkdays })}</div>,
    );
  }
  if (typeof data.satisfaction === 'string') {
    lines.push(
      <div key="sat" data-testid="history-satisfaction">
        <Typography.Text type="secondary">{t('cases.timeline.satisfaction')}</Typography.Text>{' '}
        {t(`cases.satisfaction.${data.satisfaction}`, { defaultValue: data.satisfaction })}
      </div>,
    );
  }
  if (typeof data.duplicateOf === 'number') {
    lines.push(<div key="dup">{t('cases.timeline.mergedInto', { id: data.duplicateOf })}</div>);
  }
  for (const key of photoKeys) {
    const value = data[key];
    if (isHashList(value) && value.length > 0) {
      lines.push(
        <div key={key} style={{ marginTop: 4 }}>
          <Typography.Text type="secondary">{t(`cases.timeline.photos.${key}`)}</Typography.Text>
          <PhotoStrip sha256s={value} alt={t(`cases.timeline.photos.${key}`)} />
        </div>,
      );
    }
  }
  return <>{lines}</>;
}

export function CaseTimeline({
  history,
  isStaffView,
}: {
  history: readonly WorkflowHistoryEntry[];
  isStaffView: boolean;
}) {
  const { t } = useTranslation();
  const actionLabel = (action: string) =>
    t(`cases.actions.${action.replace(/\./g, '_')}`, { defaultValue: action });
  return (
    <Timeline
      items={history.map((entry) => ({
        key: entry.seq,
        color: colourOf(entry.action),
        content: (
          <div data-testid="history-entry" data-action={entry.action}>
            <Typography.Text strong>{actionLabel(entry.action)}</Typography.Text>
            {isStaffView && (
              <Typography.Text type="secondary">
                {' · '}
                {entry.actor.kind === 'system' ? t('workflow.system') : entry.actor.name}
              </Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(entry.at)}
              </Typography.Text>
            </div>
            {entry.note && (
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                {entry.note}
              </Typography.Paragraph>
            )}
            <EntryData data={entry.data} />
          </div>
        ),
      }))}
    />
  );
}
