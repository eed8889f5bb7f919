// /me/applications/:id: one of my applications: where it stands, the working days left, a 补正
// request to answer, the licence it issued, the rating, the materials and the whole history.
import { App, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { WorkflowView } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { errorText, isNotFound } from '../shell/error-text.ts';
import { formatDateTime, localized } from '../shell/format.ts';
import { ErrorView, Loading, NoAccessView } from '../shell/status-views.tsx';
import { DeadlineBlock } from '../staff/deadline-card.tsx';
import { useServiceItem } from '../portal/catalogue-queries.ts';
import {
  isApplicationId,
  subjectOf,
  useApplication,
  useMyRatings,
} from '../portal/applications/application-queries.ts';
import { ApplicationTimeline } from '../portal/applications/application-timeline.tsx';
import { MaterialList } from '../portal/applications/material-list.tsx';
import { pausedNoteOf } from '../portal/applications/paused-note.ts';
import { RatingCard } from './rating-form.tsx';
import { SupplementAnswer } from './supplement-answer.tsx';

const RATEABLE = ['delivered', 'denied', 'not_accepted'];

const cardTitle = (text: string) => <h2 style={{ margin: 0, fontSize: 16 }}>{text}</h2>;

export function MyApplicationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const application = useApplication(id);
  const back = { to: '/me/applications', label: t('applications.mine.back') };
  if (!isApplicationId(id) || isNotFound(application.error)) return <NoAccessView back={back} />;
  if (application.isPending) return <Loading />;
  if (application.isError) {
    return <ErrorView error={application.error} onRetry={() => void application.refetch()} />;
  }
  return <ApplicationDetail view={application.data} />;
}

function ApplicationDetail({ view }: { view: WorkflowView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const subject = subjectOf(view);
  const item = useServiceItem(subject.itemCode);
  const isRateable = RATEABLE.includes(view.state);
  const ratings = useMyRatings(isRateable);
  const materialName = (materialId: number) =>
    item.data?.materials[materialId - 1]?.name ??
    subject.materials.find((m) => m.materialId === materialId)?.name ??
    t('applications.materials.numbered', { id: materialId });
  const refresh = () => client.invalidateQueries({ queryKey: ['applications'] });
  const canSupply = view.actions.some((a) => a.name === 'supply');
  const canWithdraw = view.actions.some((a) => a.name === 'withdraw');
  const requestNote =
    [...view.history].reverse().find((h) => h.action === 'request_supplement')?.note ?? null;
  const withdraw = useMutation({
    mutationFn: () => post<WorkflowView>(`/api/services/applications/${view.id}/actions/withdraw`),
    onSuccess: async () => {
      void message.success(t('applications.mine.withdrawn'));
      await refresh();
    },
    onError: (error) => void message.error(errorText(t, error)),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/me/applications">{t('applications.mine.back')}</Link>
      <div>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {subject.itemName}
        </Typography.Title>
        <Space wrap size={[8, 4]} style={{ marginTop: 4 }}>
          <Tag color={view.isFinal ? 'default' : 'processing'} data-testid="application-state">
            {localized(view.stateLabel)}
          </Tag>
          <Typography.Text
            type="secondary"
            copyable
            style={{ wordBreak: 'break-all' }}
            data-testid="application-number"
          >
            {subject.number}
          </Typography.Text>
        </Space>
      </div>
      <Card size="small">
        <DeadlineBlock
          title={t('applications.mine.timeLeft', { count: subject.promisedLimitDays })}
          deadline={view.deadline}
          isPaused={view.isPaused}
          isOverdue={view.isOverdue}
          closedAt={view.closedAt}
          pausedNote={pausedNoteOf(t, view.state)}
        />
      </Card>
      {canSupply && (
        <SupplementAnswer
          view={view}
          materialName={materialName}
          requestNote={requestNote}
          onDone={async () => {
            void message.success(t('applications.supplement.sent'));
            await refresh();
          }}
        />
      )}
      {subject.licenceNumber && (
        <Card size="small" title={cardTitle(t('applications.mine.licence'))}>
          <Space orientation="vertical" size={4}>
            <Typography.Text>
              <SafetyCertificateOutlined /> {subject.licenceNumber}
            </Typography.Text>
            <Space wrap>
              <Link to="/me/licences">{t('applications.mine.openLicences')}</Link>
              <Link to={`/verify/${encodeURIComponent(subject.licenceNumber)}`}>
                {t('licences.verifyLink')}
              </Link>
            </Space>
          </Space>
        </Card>
      )}
      {isRateable &&
        (ratings.isPending ? (
          <Loading />
        ) : ratings.isError ? (
          <ErrorView error={ratings.error} onRetry={() => void ratings.refetch()} />
        ) : (
          <RatingCard
            applicationId={subject.id}
            rating={ratings.data.items.find((r) => r.applicationId === subject.id)}
          />
        ))}
      <Card size="small" title={cardTitle(t('applications.materials.title'))}>
        <MaterialList materials={subject.materials} />
      </Card>
      <Card
        size="small"
        title={cardTitle(t('applications.timeline.title'))}
        extra={t('applications.mine.submittedAt', { at: formatDateTime(subject.createdAt) })}
      >
        <ApplicationTimeline history={view.history} materialName={materialName} isApplicantView />
      </Card>
      {canWithdraw && (
        <Popconfirm
          title={t('applications.mine.withdrawConfirm')}
          okText={t('applications.mine.withdraw')}
          cancelText={t('common.cancel')}
          onConfirm={() => withdraw.mutate()}
        >
          <Button danger block loading={withdraw.isPending}>
            {t('applications.mine.withdraw')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
