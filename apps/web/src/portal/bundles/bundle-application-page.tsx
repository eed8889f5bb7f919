// /bundles/applications/:id: the parent the applicant follows — each item's state in its
// department, its deadline, a refusal with its reason, the licence it issued.
import { Card, List, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { BundleApplicationMember } from '@citygov/contracts';
import { ErrorView, Loading } from '../../shell/status-views.tsx';
import { isNotFound } from '../../shell/error-text.ts';
import { formatDateTime, localized } from '../../shell/format.ts';
import { useBundleApplication } from './bundle-queries.ts';
import { BundleStateTag } from './bundle-state-tag.tsx';

const pageStyle = { maxWidth: 760, margin: '0 auto', padding: '12px 12px 32px' } as const;

function MemberRow({ m }: { m: BundleApplicationMember }) {
  const { t } = useTranslation();
  const colour = m.isRefused ? 'error' : m.isFinal ? 'success' : 'processing';
  return (
    <List.Item
      actions={[
        <Link key="open" to={`/me/applications/${m.applicationId}`}>
          {t('bundles.progress.openMember')}
        </Link>,
      ]}
    >
      <List.Item.Meta
        title={
          <Space wrap>
            <span>{m.itemName}</span>
            <Tag color={colour}>{localized(m.stateLabel)}</Tag>
            {m.isOverdue && !m.isFinal && <Tag color="red">{t('bundles.progress.overdue')}</Tag>}
          </Space>
        }
        description={
          <Space direction="vertical" size={0}>
            <Typography.Text type="secondary">
              {m.departmentName} · {m.number}
            </Typography.Text>
            {!m.isFinal && m.deadlineAt && (
              <Typography.Text>
                {t('bundles.progress.deadline', { at: formatDateTime(m.deadlineAt) })}
              </Typography.Text>
            )}
            {!m.isFinal && m.isPaused && (
              <Typography.Text type="warning">{t('bundles.progress.paused')}</Typography.Text>
            )}
            {m.isRefused && (
              <Typography.Text type="danger">
                {t('bundles.progress.refused')}
                {m.refusalReason
                  ? ` — ${t('bundles.progress.reason', { reason: m.refusalReason })}`
                  : ''}
              </Typography.Text>
            )}
            {m.licenceNumber && (
              <Link to={`/verify/${encodeURIComponent(m.licenceNumber)}`}>
                {t('bundles.progress.licence', { number: m.licenceNumber })}
              </Link>
            )}
          </Space>
        }
      />
    </List.Item>
  );
}

export function BundleApplicationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const parent = useBundleApplication(id);
  if (parent.isPending) return <Loading />;
  if (parent.isError) {
    return (
      <div style={pageStyle}>
        {isNotFound(parent.error) ? (
          <Typography.Paragraph>{t('bundles.progress.notFound')}</Typography.Paragraph>
        ) : (
          <ErrorView error={parent.error} onRetry={() => void parent.refetch()} />
        )}
      </div>
    );
  }
  const p = parent.data;
  return (
    <div style={pageStyle}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Link to="/bundles">{t('bundles.back')}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {p.bundleName} <BundleStateTag state={p.state} />
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('bundles.progress.number', { number: p.number })} ·{' '}
        {t('bundles.progress.submittedAt', { at: formatDateTime(p.createdAt) })}
        {p.finishedAt &&
          ` · ${t('bundles.progress.finishedAt', { at: formatDateTime(p.finishedAt) })}`}
      </Typography.Paragraph>
      <Card size="small" title={t('bundles.progress.title')}>
        <Progress
          percent={Math.round((p.finishedMembers / Math.max(1, p.memberCount)) * 100)}
          status={p.refusedMembers > 0 ? 'exception' : p.state === 'done' ? 'success' : 'active'}
          format={() =>
            t('bundles.progress.count', { finished: p.finishedMembers, total: p.memberCount })
          }
        />
        <List
          dataSource={p.members}
          renderItem={(m) => <MemberRow key={m.applicationId} m={m} />}
        />
      </Card>
    </div>
  );
}
