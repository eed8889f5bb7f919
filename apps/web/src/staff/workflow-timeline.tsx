// The full history of a workflow record: who did what, when, with notes and results.
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkflowHistoryEntry } from '@citygov/contracts';
import { formatDateTime } from '../shell/format.ts';

const colorOf = (action: string) =>
  action.startsWith('timer.')
    ? 'red'
    : ['return', 'reject', 'cancel'].includes(action)
      ? 'orange'
      : action === 'approve'
        ? 'green'
        : 'blue';

/** Text values the actor entered (data keys starting with _ are the engine's own). */
function enteredFields(data: Record<string, unknown>): [string, string][] {
  return Object.entries(data).filter(
    (e): e is [string, string] => !e[0].startsWith('_') && typeof e[1] === 'string',
  );
}

export function WorkflowTimeline({
  history,
  labels,
}: {
  history: readonly WorkflowHistoryEntry[];
  /** Words for actions and fields, when another area's workflow has its own. */
  labels?: { action: (action: string) => string; field: (name: string) => string };
}) {
  const { t } = useTranslation();
  const actionLabel = (action: string) =>
    labels?.action(action) ??
    t(`workflow.actions.${action.replace(/\./g, '_')}`, { defaultValue: action });
  return (
    <Timeline
      items={history.map((entry) => ({
        key: entry.seq,
        color: colorOf(entry.action),
        content: (
          <div data-testid="history-entry" data-action={entry.action}>
            <Typography.Text strong>{actionLabel(entry.action)}</Typography.Text>
            <Typography.Text type="secondary">
              {' · '}
              {entry.actor.kind === 'system' ? t('workflow.system') : entry.actor.name}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(entry.at)}
              </Typography.Text>
            </div>
            {entry.note && (
              <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                {entry.note}
              </Typography.Paragraph>
            )}
            {enteredFields(entry.data).map(([key, value]) => (
              <Typography.Paragraph key={key} style={{ margin: '4px 0 0' }}>
                <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
                  {labels?.field(key) ?? t(`tasks.fields.${key}`, { defaultValue: key })}
                </Typography.Text>
                {value}
              </Typography.Paragraph>
            ))}
          </div>
        ),
      }))}
    />
  );
}
