// The time left on a workflow record, as the API counts it (working days and hours).
import { Card, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeadlineView } from '@citygov/contracts';
import { formatDateTime, formatNumber } from '../shell/format.ts';
import { riskColors, riskOf } from './deadline-risk.ts';
import { RiskTag } from './risk-tag.tsx';

export function DeadlineBlock(props: {
  title: string;
  deadline: DeadlineView | null;
  isPaused: boolean;
  isOverdue: boolean;
  closedAt: string | null;
  /** Why the clock stands still, when it is not a 挂起 (an application awaiting 补正 ...). */
  pausedNote?: string | undefined;
}) {
  const { t } = useTranslation();
  const { deadline } = props;
  if (!deadline) {
    return <Statistic title={props.title} value={t('tasks.noDeadline')} />;
  }
  const remaining = deadline.remaining;
  const risk = riskOf({
    isOverdue: props.isOverdue || deadline.isLapsed,
    isPaused: props.isPaused,
    isClosed: props.closedAt !== null,
    hasDeadline: true,
    workingDaysLeft: remaining?.workingDays,
  });
  const text = !remaining
    ? t('tasks.closedAt', { at: formatDateTime(props.closedAt) })
    : deadline.isLapsed
      ? t('tasks.overdueBy', { hours: formatNumber(Math.abs(remaining.workingHours), 1) })
      : remaining.workingDays > 0
        ? t('tasks.remainingWork', {
            count: remaining.workingDays,
            hours: formatNumber(remaining.workingHours, 1),
          })
        : t('tasks.remainingHours', { hours: formatNumber(remaining.workingHours, 1) });
  const color = risk === 'overdue' ? '#cf1322' : risk === 'atRisk' ? '#d46b08' : undefined;
  return (
    <div data-testid="deadline" data-risk={risk}>
      <Typography.Text type="secondary">{props.title}</Typography.Text>
      <div style={{ fontSize: 20, fontWeight: 600, color, margin: '4px 0' }}>{text}</div>
      <Space wrap>
        <RiskTag risk={risk} pausedText={props.pausedNote} />
        <Typography.Text type="secondary">
          {t('tasks.dueAt', { at: formatDateTime(deadline.at) })}
        </Typography.Text>
        {props.isPaused && (
          <Typography.Text type="warning">
            {props.pausedNote ?? t('tasks.pausedNote')}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}

export function DeadlineCard(props: {
  deadline: DeadlineView | null;
  stateDeadline: DeadlineView | null;
  isPaused: boolean;
  isOverdue: boolean;
  closedAt: string | null;
  escalationLevel: number;
  pausedNote?: string | undefined;
}) {
  const { t } = useTranslation();
  // The record's flag also rises when only the current step is late; that step shows its own.
  const isOverallOverdue =
    props.deadline?.isLapsed === true || (props.isOverdue && !props.stateDeadline?.isLapsed);
  const background =
    riskColors[
      riskOf({
        isOverdue: isOverallOverdue,
        isPaused: props.isPaused,
        isClosed: props.closedAt !== null,
        hasDeadline: props.deadline !== null,
        workingDaysLeft: props.deadline?.remaining?.workingDays,
      })
    ].row;
  return (
    <Card
      title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('tasks.countdownTitle')}</h2>}
      style={background ? { background } : undefined}
    >
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <DeadlineBlock
          title={t('tasks.deadline')}
          deadline={props.deadline}
          isPaused={props.isPaused}
          isOverdue={isOverallOverdue}
          closedAt={props.closedAt}
          pausedNote={props.pausedNote}
        />
        {props.stateDeadline && props.closedAt === null && (
          <DeadlineBlock
            title={t('tasks.stateCountdownTitle')}
            deadline={props.stateDeadline}
            isPaused={props.isPaused}
            isOverdue={props.stateDeadline.isLapsed}
            closedAt={null}
            pausedNote={props.pausedNote}
          />
        )}
        {props.escalationLevel > 0 && (
          <Typography.Text type="danger">
            {t('tasks.escalation', { level: props.escalationLevel })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
