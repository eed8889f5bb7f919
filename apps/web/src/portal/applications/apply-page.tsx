// /services/:code/apply: apply online for an item (signed in as a citizen or an enterprise).
import { Alert, App, Button, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ServiceItem } from '@citygov/contracts';
import { ApiError } from '../../api/client.ts';
import { ErrorView, Loading } from '../../shell/status-views.tsx';
import { useMe } from '../../shell/use-me.ts';
import { useServiceItem } from '../catalogue-queries.ts';
import { ServiceNotFound } from '../service-not-found.tsx';
import { ApplicationForm } from './application-form.tsx';
import { useMyLicences } from './application-queries.ts';

const pageStyle = { maxWidth: 720, margin: '0 auto', padding: '12px 12px 32px' } as const;

/** Why this person cannot apply online for the item, or null. */
function refusalOf(item: ServiceItem, kind: string | undefined): string | null {
  if (item.status !== 'active') return 'suspended';
  if (!item.channels.includes('web') && !item.channels.includes('mobile')) return 'notOnline';
  if (kind === 'staff') return 'staff';
  if (item.audience === 'citizen' && kind === 'enterprise') return 'citizenOnly';
  if (item.audience === 'enterprise' && kind === 'citizen') return 'enterpriseOnly';
  return null;
}

export function ApplyPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const item = useServiceItem(code);
  const licences = useMyLicences(me.data?.kind !== 'staff');

  if (item.isPending || me.isPending || (me.data?.kind !== 'staff' && licences.isPending)) {
    return <Loading />;
  }
  if (item.isError) {
    if (item.error instanceof ApiError && item.error.status === 404) return <ServiceNotFound />;
    return (
      <div style={pageStyle}>
        <ErrorView error={item.error} onRetry={() => void item.refetch()} />
      </div>
    );
  }
  const refusal = refusalOf(item.data, me.data?.kind);
  return (
    <div style={pageStyle}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Link to={`/services/${encodeURIComponent(item.data.code)}`}>
          {t('applications.apply.backToGuide')}
        </Link>
      </Typography.Paragraph>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('applications.apply.title', { name: item.data.name })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('applications.apply.intro', {
          agency: item.data.department.name,
          days: item.data.promisedLimitDays,
        })}
      </Typography.Paragraph>
      {refusal ? (
        <Alert
          type="warning"
          showIcon
          title={t(`applications.apply.refusal.${refusal}`)}
          action={
            refusal === 'staff' ? (
              <Link to="/staff/applications/new">
                <Button size="small">{t('applications.intake.title')}</Button>
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          {licences.isError && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('applications.apply.licencesUnavailable')}
            />
          )}
          <ApplicationForm
            item={item.data}
            licences={licences.data?.items ?? []}
            isAtWindow={false}
            onCreated={(view) => {
              void message.success(t('applications.apply.submitted'));
              void client.invalidateQueries({ queryKey: ['applications'] });
              void navigate(`/me/applications/${view.id}`);
            }}
          />
        </>
      )}
    </div>
  );
}
