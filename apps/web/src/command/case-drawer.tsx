// A case opened from the map or the feed: its summary, deadline and departments, a link to the
// full record in the workbench, and 一键联动 when the caller may dispatch it now.
import { useState } from 'react';
import { Button, Descriptions, Drawer, Space, Tag, Tooltip, Typography } from 'antd';
import { ApartmentOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSubject, WorkflowView } from '@citygov/contracts';
import { formatDateTime, localized } from '../shell/format.ts';
import { isNotFound } from '../shell/error-text.ts';
import { ErrorView, Loading, NoAccessView } from '../shell/status-views.tsx';
import { RegionName } from '../org/org-fields.tsx';
import { useCaseView } from './command-queries.ts';
import { stateColor } from './command-theme.ts';
import { LinkageModal } from './linkage-modal.tsx';

/** The case record carried as the view's subject. */
const subjectOf = (view: WorkflowView) => view.subject as CaseSubject | undefined;

/** The record page of a case in the staff workbench. */
export const caseRecordPath = (id: number) => `/staff/cases/${id}`;

export function CaseDrawer({ caseId, onClose }: { caseId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const view = useCaseView(caseId);
  const [isLinking, setLinking] = useState(false);
  const data = view.data;
  const subject = data ? subjectOf(data) : undefined;
  const canDispatch = data?.actions.some((a) => a.name === 'dispatch') ?? false;

  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      size={480}
      title={subject?.caseNumber ?? t('command.case.title')}
      extra={
        caseId !== null && (
          <Link to={caseRecordPath(caseId)}>
            <Button icon={<ExportOutlined />}>{t('command.case.openRecord')}</Button>
          </Link>
        )
      }
    >
      {view.isPending && caseId !== null && <Loading />}
      {view.isError &&
        (isNotFound(view.error) ? (
          <NoAccessView />
        ) : (
          <ErrorView error={view.error} onRetry={() => void view.refetch()} />
        ))}
      {data && subject && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={stateColor(data.state)}>{localized(data.stateLabel)}</Tag>
            {data.isOverdue && <Tag color="red">{t('command.case.overdue')}</Tag>}
            {data.escalationLevel > 0 && (
              <Tag color="volcano">
                {t('command.case.escalated', { level: data.escalationLevel })}
              </Tag>
            )}
            {subject.urgency && <Tag>{t(`adminCatalogue.urgency.${subject.urgency}`)}</Tag>}
          </Space>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'category',
                label: t('command.case.category'),
                children: subject.categoryName,
              },
              {
                key: 'region',
                label: t('command.case.region'),
                children: <RegionName code={data.regionCode} />,
              },
              {
                key: 'address',
                label: t('command.case.address'),
                children: subject.address ?? t('common.none'),
              },
              {
                key: 'grid',
                label: t('command.case.grid'),
                children: subject.gridCode,
              },
              {
                key: 'reported',
                label: t('command.case.reportedAt'),
                children: formatDateTime(data.createdAt),
              },
              {
                key: 'deadline',
                label: t('command.case.stateDeadline'),
                children: data.stateDeadline
                  ? formatDateTime(data.stateDeadline.at)
                  : t('common.none'),
              },
              {
                key: 'departments',
                label: t('command.case.departments'),
                children: subject.departments.length ? (
                  <Space wrap size={4}>
                    {subject.departments.map((d) => (
                      <Tag key={d.departmentId} color={d.isLead ? 'blue' : undefined}>
                        {d.isLead ? t('command.case.lead', { name: d.name }) : d.name}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  t('command.case.notDispatched')
                ),
              },
            ]}
          />
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
            {subject.description}
          </Typography.Paragraph>
          <Tooltip title={canDispatch ? undefined : t('command.linkage.notNow')}>
            <Button
              type="primary"
              icon={<ApartmentOutlined />}
              disabled={!canDispatch}
              onClick={() => setLinking(true)}
            >
              {t('command.linkage.open')}
            </Button>
          </Tooltip>
          <LinkageModal view={isLinking ? data : null} onClose={() => setLinking(false)} />
        </Space>
      )}
    </Drawer>
  );
}
