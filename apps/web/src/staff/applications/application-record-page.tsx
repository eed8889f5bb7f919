// /staff/applications/:id: one application as staff see it: the applicant (masked), the form,
// the materials to open or download, the deadline countdown, the actions the user may take now
// and the full history.
import { App, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { WorkflowView } from '@citygov/contracts';
import { access } from '../../shell/access.ts';
import { isNotFound } from '../../shell/error-text.ts';
import { useMe } from '../../shell/use-me.ts';
import { formatDateTime, localized } from '../../shell/format.ts';
import { ErrorView, Loading, NoAccessView } from '../../shell/status-views.tsx';
import { DepartmentName, RegionName } from '../../org/org-fields.tsx';
import { DeadlineCard } from '../deadline-card.tsx';
import { useServiceItem } from '../../portal/catalogue-queries.ts';
import {
  isApplicationId,
  subjectOf,
  useApplication,
} from '../../portal/applications/application-queries.ts';
import { ApplicationTimeline } from '../../portal/applications/application-timeline.tsx';
import { MaterialList } from '../../portal/applications/material-list.tsx';
import { SupplementAnswer, missingOf } from '../../me/supplement-answer.tsx';
import { pausedNoteOf } from '../../portal/applications/paused-note.ts';
import { ApplicationActionPanel } from './application-action-panel.tsx';

const pageStyle = { maxWidth: 1200, margin: '0 auto', padding: 16 } as const;
const cardTitle = (text: string) => <h2 style={{ margin: 0, fontSize: 16 }}>{text}</h2>;
const formKeys = ['contactPhone', 'contactAddress', 'remarks'];

export function ApplicationRecordPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const application = useApplication(id);
  const back = { to: '/staff/applications', label: t('applications.queue.back') };
  if (!isApplicationId(id) || isNotFound(application.error)) return <NoAccessView back={back} />;
  if (application.isPending) return <Loading />;
  if (application.isError) {
    return (
      <div style={pageStyle}>
        <ErrorView error={application.error} onRetry={() => void application.refetch()} />
      </div>
    );
  }
  return <ApplicationRecord view={application.data} />;
}

function ApplicationRecord({ view }: { view: WorkflowView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const subject = subjectOf(view);
  const item = useServiceItem(subject.itemCode);
  const materialName = (materialId: number) =>
    item.data?.materials[materialId - 1]?.name ??
    subject.materials.find((m) => m.materialId === materialId)?.name ??
    t('applications.materials.numbered', { id: materialId });
  const refresh = () => client.invalidateQueries({ queryKey: ['applications'] });
  const formValue = (key: string) => {
    const v = subject.form[key];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  };
  const otherForm = Object.keys(subject.form).filter((k) => !formKeys.includes(k));
  const me = useMe();
  // A finished application may have been rated; a bad rating is rectified in the workbench.
  const isRated = ['delivered', 'denied', 'not_accepted'].includes(view.state);
  const canSupply = view.actions.some((a) => a.name === 'supply') && missingOf(view).length > 0;

  return (
    <div style={pageStyle}>
      <nav>
        <Link to="/staff/applications">
          <ArrowLeftOutlined /> {t('applications.queue.back')}
        </Link>
      </nav>
      <Space align="center" wrap style={{ margin: '12px 0' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {subject.itemName}
        </Typography.Title>
        <Tag color={view.isFinal ? 'default' : 'processing'} data-testid="application-state">
          {localized(view.stateLabel)}
        </Tag>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={cardTitle(t('applications.staff.record'))}>
              <Descriptions
                column={{ xs: 1, sm: 2 }}
                items={[
                  {
                    key: 'number',
                    label: t('applications.fields.number'),
                    span: 'filled',
                    children: <Typography.Text copyable>{subject.number}</Typography.Text>,
                  },
                  {
                    key: 'applicant',
                    label: t('applications.fields.applicant'),
                    children: `${subject.applicantName}（${subject.applicantIdHint}）`,
                  },
                  {
                    key: 'channel',
                    label: t('applications.fields.channel'),
                    children: t(`portal.channelNames.${subject.channel}`),
                  },
                  {
                    key: 'phone',
                    label: t('applications.form.contactPhone'),
                    children: formValue('contactPhone') ?? t('common.none'),
                  },
                  {
                    key: 'address',
                    label: t('applications.form.contactAddress'),
                    children: formValue('contactAddress') ?? t('common.none'),
                  },
                  {
                    key: 'remarks',
                    label: t('applications.form.remarks'),
                    span: 'filled',
                    children: formValue('remarks') ?? t('common.none'),
                  },
                  ...otherForm.map((k) => ({
                    key: `f-${k}`,
                    label: k,
                    children: formValue(k) ?? '',
                  })),
                  {
                    key: 'region',
                    label: t('applications.fields.region'),
                    children: <RegionName code={view.regionCode} />,
                  },
                  {
                    key: 'department',
                    label: t('applications.fields.department'),
                    children: <DepartmentName id={view.departmentId} />,
                  },
                  {
                    key: 'limit',
                    label: t('applications.fields.promised'),
                    children: t('applications.fields.promisedDays', {
                      count: subject.promisedLimitDays,
                    }),
                  },
                  {
                    key: 'created',
                    label: t('applications.fields.createdAt'),
                    children: formatDateTime(subject.createdAt),
                  },
                  ...(subject.licenceNumber
                    ? [
                        {
                          key: 'licence',
                          label: t('applications.fields.licence'),
                          children: (
                            <Link to={`/verify/${encodeURIComponent(subject.licenceNumber)}`}>
                              {subject.licenceNumber}
                            </Link>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            <Card title={cardTitle(t('applications.materials.title'))}>
              <MaterialList materials={subject.materials} />
            </Card>
            {canSupply && (
              <SupplementAnswer
                view={view}
                materialName={materialName}
                requestNote={null}
                onDone={async () => {
                  void message.success(t('applications.supplement.sent'));
                  await refresh();
                }}
              />
            )}
            {isRated && me.data && access.rectifications(me.data) && (
              <Card size="small" title={cardTitle(t('ratings.title'))}>
                <Link to={`/staff/rectifications?applicationId=${subject.id}`}>
                  {t('ratings.rectification.ofThisApplication')}
                </Link>
              </Card>
            )}
            <Card title={cardTitle(t('applications.staff.actions'))}>
              <ApplicationActionPanel view={view} item={item.data} onDone={refresh} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <DeadlineCard
              deadline={view.deadline}
              stateDeadline={view.stateDeadline}
              isPaused={view.isPaused}
              isOverdue={view.isOverdue}
              closedAt={view.closedAt}
              escalationLevel={view.escalationLevel}
              pausedNote={pausedNoteOf(t, view.state)}
            />
            <Card
              title={cardTitle(t('applications.timeline.title'))}
              extra={t('tasks.historyCount', { count: view.historyTotal })}
            >
              <ApplicationTimeline
                history={view.history}
                materialName={materialName}
                isApplicantView={false}
              />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
