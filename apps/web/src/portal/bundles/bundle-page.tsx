// /bundles/:code: a bundle's items and its merged form; signed in as a citizen or enterprise of
// its audience, the form is submitted as one application and the parent's progress opens.
import { Alert, App, Button, Card, List, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { BundleDetail, Me } from '@citygov/contracts';
import { ErrorView, Loading, NotFoundView } from '../../shell/status-views.tsx';
import { isNotFound } from '../../shell/error-text.ts';
import { useMe } from '../../shell/use-me.ts';
import { useMyLicences } from '../applications/application-queries.ts';
import { useBundle } from './bundle-queries.ts';
import { BundleForm } from './bundle-form.tsx';

const pageStyle = { maxWidth: 760, margin: '0 auto', padding: '12px 12px 32px' } as const;

/** Why the caller cannot apply here, or null. */
function refusalOf(bundle: BundleDetail, me: Me | null | undefined): string | null {
  if (!me) return 'signIn';
  if (me.kind === 'staff') return 'staff';
  if (bundle.audience === 'citizen' && me.kind === 'enterprise') return 'audience.citizen';
  if (bundle.audience === 'enterprise' && me.kind === 'citizen') return 'audience.enterprise';
  return null;
}

export function BundlePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const me = useMe();
  const bundle = useBundle(code);
  const canApply = !!me.data && me.data.kind !== 'staff';
  const licences = useMyLicences(canApply);

  if (bundle.isPending || me.isPending) return <Loading />;
  if (bundle.isError) {
    if (isNotFound(bundle.error)) return <NotFoundView />;
    return (
      <div style={pageStyle}>
        <ErrorView error={bundle.error} onRetry={() => void bundle.refetch()} />
      </div>
    );
  }
  const b = bundle.data;
  const refusal = refusalOf(b, me.data);
  return (
    <div style={pageStyle}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Link to="/bundles">{t('bundles.back')}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {b.name}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{b.description}</Typography.Paragraph>
      <Typography.Paragraph>
        <Tag color="green">{t('bundles.saves', b)}</Tag>
        <Tag>{t('bundles.promised', { days: b.promisedLimitDays })}</Tag>
      </Typography.Paragraph>
      <Card size="small" title={t('bundles.detail.membersTitle')} style={{ marginBottom: 12 }}>
        <List
          size="small"
          dataSource={b.members}
          renderItem={(m) => (
            <List.Item
              extra={
                <Typography.Text type="secondary">
                  {t('bundles.detail.days', { days: m.promisedLimitDays })}
                </Typography.Text>
              }
            >
              <List.Item.Meta
                title={<Link to={`/services/${encodeURIComponent(m.itemCode)}`}>{m.itemName}</Link>}
                description={m.departmentName}
              />
            </List.Item>
          )}
        />
      </Card>
      {refusal ? (
        <Alert
          type={refusal === 'signIn' ? 'info' : 'warning'}
          showIcon
          title={t(`bundles.detail.${refusal}`)}
          action={
            refusal === 'signIn' ? (
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
                <Button size="small" type="primary">
                  {t('bundles.detail.signInButton')}
                </Button>
              </Link>
            ) : undefined
          }
        />
      ) : licences.isPending ? (
        <Loading />
      ) : (
        <BundleForm
          bundle={b}
          licences={licences.data?.items ?? []}
          onCreated={(view) => {
            void message.success(t('bundles.detail.submitted'));
            void client.invalidateQueries({ queryKey: ['bundles', 'mine'] });
            void client.invalidateQueries({ queryKey: ['applications'] });
            void navigate(`/bundles/applications/${view.id}`);
          }}
        />
      )}
    </div>
  );
}
