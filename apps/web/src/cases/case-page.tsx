// /cases/:id (and /staff/cases/:id): one case. Staff see the full record — facts, the actions
// they may take now, photos, the step's countdown, the map and the whole history; the
// reporter follows its progress and rates the result.
import { Card, Col, Row, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CaseSubject, WorkflowView } from '@citygov/contracts';
import { formatDateTime } from '../shell/format.ts';
import { ErrorView, Loading, NoAccessView } from '../shell/status-views.tsx';
import { isNotFound } from '../shell/error-text.ts';
import { useMe } from '../shell/use-me.ts';
import { riskColors, riskOf } from '../staff/deadline-risk.ts';
import { DeadlineBlock } from '../staff/deadline-card.tsx';
import { CaseActions } from './case-actions.tsx';
import { CaseFacts } from './case-facts.tsx';
import { CaseMap } from './case-map.tsx';
import { CasePhotos } from './case-photos.tsx';
import { CaseProgress } from './case-progress.tsx';
import { caseSubjectOf, isValidCaseId, useCase } from './case-queries.ts';
import { CaseStateTag } from './case-state-tag.tsx';
import { CaseTimeline } from './case-timeline.tsx';
import { CategoryName } from './category-name.tsx';
import { RatingCard } from './rating-card.tsx';
import { useLiveCases } from './use-live-cases.ts';

const cardTitle = (text: string) => <h2 style={{ margin: 0, fontSize: 16 }}>{text}</h2>;

function StepDeadline({ view }: { view: WorkflowView }) {
  const { t } = useTranslation();
  const background =
    riskColors[
      riskOf({
        isOverdue: view.isOverdue,
        isPaused: view.isPaused,
        isClosed: view.isFinal,
        hasDeadline: view.stateDeadline !== null,
        workingDaysLeft: view.stateDeadline?.remaining?.workingDays,
      })
    ].row;
  return (
    <Card
      title={cardTitle(t('cases.record.countdown'))}
      style={background ? { background } : undefined}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {view.isFinal ? (
          <Typography.Text data-testid="deadline">
            {t('cases.record.finished', { at: formatDateTime(view.closedAt ?? view.updatedAt) })}
          </Typography.Text>
        ) : (
          <DeadlineBlock
            title={t('cases.record.stepDeadline')}
            deadline={view.stateDeadline}
            isPaused={view.isPaused}
            isOverdue={view.isOverdue}
            closedAt={view.closedAt}
          />
        )}
        {view.escalationLevel > 0 && (
          <Typography.Text type="danger">
            {t('cases.record.escalation', { level: view.escalationLevel })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}

function Header({ view, subject }: { view: WorkflowView; subject: CaseSubject }) {
  return (
    <Space align="center" wrap style={{ margin: '12px 0' }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
        <CategoryName code={subject.categoryCode} fallback={subject.categoryName} />
      </Typography.Title>
      <CaseStateTag state={view.state} label={view.stateLabel} isOverdue={view.isOverdue} />
      <Typography.Text type="secondary" copyable data-testid="case-number">
        {subject.caseNumber}
      </Typography.Text>
    </Space>
  );
}

export function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const client = useQueryClient();
  const query = useCase(id);
  useLiveCases();
  const isStaffView = me.data?.kind === 'staff';
  const back = isStaffView
    ? { to: '/staff/cases', label: t('cases.record.backToQueue') }
    : { to: '/cases/mine', label: t('cases.record.backToMine') };

  if (!isValidCaseId(id) || isNotFound(query.error)) return <NoAccessView back={back} />;
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
        <ErrorView error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  const view = query.data;
  const subject = caseSubjectOf(view);
  if (!subject) return <NoAccessView back={back} />;
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['case', id] }),
      client.invalidateQueries({ queryKey: ['cases'] }),
    ]);
  const nav = (
    <nav>
      <Link to={back.to}>
        <ArrowLeftOutlined /> {back.label}
      </Link>
    </nav>
  );
  const history = (
    <Card
      title={cardTitle(t('cases.record.history'))}
      extra={t('cases.record.historyCount', { count: view.historyTotal })}
    >
      <CaseTimeline history={view.history} isStaffView={isStaffView} />
    </Card>
  );

  if (!isStaffView) {
    const canRate = view.actions.some((a) => a.name === 'callback');
    return (
      <div style={{ maxWidth: 720, margin: '0 auto', padding: '12px 12px 32px' }}>
        {nav}
        <Header view={view} subject={subject} />
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {canRate && <RatingCard caseId={view.id} onDone={refresh} />}
          <Card title={cardTitle(t('cases.record.progress'))}>
            <CaseProgress state={view.state} isOverdue={view.isOverdue} />
          </Card>
          <Card title={cardTitle(t('cases.record.facts'))}>
            <CaseFacts subject={subject} isStaffView={false} />
          </Card>
          <Card title={cardTitle(t('cases.record.photos'))}>
            <CasePhotos photos={subject.photos} />
          </Card>
          <CaseMap summary={subject} />
          {history}
        </Space>
      </div>
    );
  }

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
      {nav}
      <Header view={view} subject={subject} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={cardTitle(t('cases.record.facts'))}>
              <CaseFacts subject={subject} isStaffView />
            </Card>
            <Card title={cardTitle(t('cases.record.actions'))}>
              <CaseActions view={view} subject={subject} onDone={refresh} />
            </Card>
            <Card title={cardTitle(t('cases.record.photos'))}>
              <CasePhotos photos={subject.photos} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <StepDeadline view={view} />
            <CaseMap summary={subject} />
            {history}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
