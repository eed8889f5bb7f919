// /staff/applications: the application queue in my scope, soonest deadline first, at-risk and
// overdue in colour; the step filter starts on the step my role takes (受理, 审查, 决定).
import { Button, Card, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ApplicationListQuery, ApplicationSummary, Me } from '@citygov/contracts';
import { access } from '../../shell/access.ts';
import { errorText } from '../../shell/error-text.ts';
import { formatDateTime, localized } from '../../shell/format.ts';
import { ErrorView } from '../../shell/status-views.tsx';
import { useMe } from '../../shell/use-me.ts';
import { DepartmentName } from '../../org/org-fields.tsx';
import { riskColors, riskOf } from '../deadline-risk.ts';
import { RiskTag } from '../risk-tag.tsx';
import { useWorkingDaysLeft } from '../use-working-days.ts';
import { useApplications } from '../../portal/applications/application-queries.ts';

const steps = [
  'open',
  'submitted',
  'under_review',
  'supplement_requested',
  'special_step',
  'reviewed',
  'approved',
  'overdue',
] as const;
type Step = (typeof steps)[number];
const PAGE_SIZE = 20;

/** The step the user's first application role takes. */
function defaultStep(me: Me | null | undefined): Step {
  const roles = new Set(me?.grants.map((g) => g.role));
  if (roles.has('clerk')) return 'submitted';
  if (roles.has('reviewer')) return 'under_review';
  if (roles.has('approver')) return 'reviewed';
  return 'open';
}

const NUMBER_PART = /^[0-9A-Za-z-]{4,80}$/;

function queryOf(step: Step, page: number, number: string | null): ApplicationListQuery {
  const base: ApplicationListQuery = {
    view: 'queue',
    page,
    pageSize: PAGE_SIZE,
    ...(number && { number }),
  };
  if (step === 'open') return base;
  if (step === 'overdue') return { ...base, overdue: true, state: undefined };
  return { ...base, state: step };
}

export function ApplicationQueuePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const number = params.get('number');
  // A number looked up is found in whichever step it is, unless a step was chosen.
  const step: Step =
    steps.find((s) => s === params.get('step')) ?? (number ? 'open' : defaultStep(me.data));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useApplications(
    queryOf(step, page, number && NUMBER_PART.test(number) ? number : null),
  );
  /** Changes the URL's filters, keeping the others and going back to page 1. */
  const setFilter = (key: 'step' | 'number', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const daysLeft = useWorkingDaysLeft(list.data?.items.map((a) => a.deadlineAt) ?? []);
  const riskFor = (a: ApplicationSummary) =>
    riskOf({
      isOverdue: a.isOverdue,
      isPaused: a.isPaused,
      isClosed: a.isFinal,
      hasDeadline: a.deadlineAt !== null,
      workingDaysLeft: daysLeft(a.deadlineAt),
    });

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
      <Card
        title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('applications.queue.title')}</h2>}
        extra={
          <Space wrap>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void list.refetch()}
              loading={list.isFetching}
            >
              {t('common.refresh')}
            </Button>
            {me.data && access.windowIntake(me.data) && (
              <Link to="/staff/applications/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('applications.intake.title')}
                </Button>
              </Link>
            )}
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Input.Search
            aria-label={t('applications.queue.numberLabel')}
            placeholder={t('applications.queue.numberPlaceholder')}
            defaultValue={number ?? ''}
            allowClear
            enterButton={t('common.search')}
            style={{ maxWidth: 420 }}
            status={number && !NUMBER_PART.test(number) ? 'error' : undefined}
            onSearch={(value) => setFilter('number', value.trim() || null)}
          />
          {number && !NUMBER_PART.test(number) && (
            <Typography.Text type="danger" role="alert">
              {t('applications.queue.numberInvalid')}
            </Typography.Text>
          )}
          <div style={{ overflowX: 'auto' }}>
            <Segmented<Step>
              aria-label={t('applications.queue.stepsLabel')}
              value={step}
              onChange={(s) => setFilter('step', s)}
              options={steps.map((s) => ({ value: s, label: t(`applications.queue.steps.${s}`) }))}
            />
          </div>
          {list.isError && <ErrorView error={list.error} onRetry={() => void list.refetch()} />}
          <Table<ApplicationSummary>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 960 }}
            locale={{
              emptyText: list.isError ? errorText(t, list.error) : t('applications.queue.empty'),
            }}
            onRow={(a) => {
              const background = riskColors[riskFor(a)].row;
              return { style: background ? { background } : {}, 'data-application-id': a.id };
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { count: total }),
              onChange: (p) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                setParams(next);
              },
            }}
            columns={[
              {
                title: t('applications.fields.item'),
                dataIndex: 'itemName',
                render: (_, a) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/staff/applications/${a.id}`}>{a.itemName}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {a.number}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: t('applications.fields.applicant'), dataIndex: 'applicantName', width: 110 },
              {
                title: t('applications.fields.channel'),
                dataIndex: 'channel',
                width: 100,
                render: (c: string) => t(`portal.channelNames.${c}`, { defaultValue: c }),
              },
              {
                title: t('applications.fields.state'),
                dataIndex: 'state',
                width: 120,
                render: (_, a) => <Tag>{localized(a.stateLabel)}</Tag>,
              },
              {
                title: t('applications.fields.department'),
                dataIndex: 'departmentId',
                render: (id: number) => <DepartmentName id={id} />,
              },
              {
                title: t('applications.fields.deadline'),
                dataIndex: 'deadlineAt',
                width: 170,
                render: (at: string | null) => formatDateTime(at) || t('common.none'),
              },
              {
                title: t('applications.fields.remaining'),
                key: 'risk',
                width: 130,
                render: (_, a) => (
                  <RiskTag
                    risk={riskFor(a)}
                    daysLeft={daysLeft(a.deadlineAt)}
                    pausedText={t('applications.paused')}
                  />
                ),
              },
            ]}
          />
          <Typography.Text type="secondary">{t('tasks.legend')}</Typography.Text>
        </Space>
      </Card>
    </div>
  );
}
