// An application's history as a timeline: each step in words, who took it, when, the note
// (reasons), and what it carried (the materials a 补正 asked for, the review opinion ...).
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkflowHistoryEntry } from '@citygov/contracts';
import { formatDate, formatDateTime } from '../../shell/format.ts';

const colorOf = (action: string) =>
  action.startsWith('timer.')
    ? 'red'
    : ['not_accept', 'deny', 'withdraw'].includes(action)
      ? 'red'
      : action === 'request_supplement'
        ? 'orange'
        : ['approve', 'deliver'].includes(action)
          ? 'green'
          : 'blue';

interface Missing {
  materialId: number;
  reason?: string;
}

const asMissing = (value: unknown): Missing[] =>
  Array.isArray(value)
    ? value.filter(
        (m): m is Missing =>
          typeof m === 'object' && m !== null && typeof (m as Missing).materialId === 'number',
      )
    : [];

export function ApplicationTimeline({
  history,
  materialName,
  isApplicantView,
}: {
  history: readonly WorkflowHistoryEntry[];
  materialName: (materialId: number) => string;
  /** The applicant sees the staff as their role, not by name. */
  isApplicantView: boolean;
}) {
  const { t } = useTranslation();
  const actionLabel = (action: string) =>
    t(`applications.actions.${action.replace(/\./g, '_')}`, { defaultValue: action });
  const actorOf = (entry: WorkflowHistoryEntry) =>
    entry.actor.kind === 'system'
      ? t('applications.timeline.system')
      : isApplicantView && entry.actor.kind === 'user' && entry.action !== 'submit'
        ? t('applications.timeline.staff')
        : entry.actor.name;
  return (
    <Timeline
      items={[...history].reverse().map((entry) => {
        const missing = asMissing(entry.data.missing);
        const opinion = typeof entry.data.opinion === 'string' ? entry.data.opinion : null;
        const method = typeof entry.data.method === 'string' ? entry.data.method : null;
        const validUntil = typeof entry.data.validUntil === 'string' ? entry.data.validUntil : null;
        return {
          key: entry.seq,
          color: colorOf(entry.action),
          content: (
            <div data-testid="history-entry" data-action={entry.action}>
              <Typography.Text strong>{actionLabel(entry.action)}</Typography.Text>
              {(entry.actor.kind !== 'user' || !isApplicantView || entry.action === 'submit') && (
                <Typography.Text type="secondary">
                  {' · '}
                  {actorOf(entry)}
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
              {missing.length > 0 && (
                <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                  {missing.map((m) => (
                    <li key={m.materialId}>
                      {materialName(m.materialId)}
                      {m.reason ? `（${m.reason}）` : ''}
                    </li>
                  ))}
                </ul>
              )}
              {opinion && (
                <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                  {t('applications.timeline.opinion', { text: opinion })}
                </Typography.Paragraph>
              )}
              {method && (
                <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                  {t('applications.timeline.method', {
                    method: t(`applications.delivery.${method}`, { defaultValue: method }),
                  })}
                </Typography.Paragraph>
              )}
              {validUntil && (
                <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                  {t('applications.timeline.validUntil', { date: formatDate(validUntil) })}
                </Typography.Paragraph>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
