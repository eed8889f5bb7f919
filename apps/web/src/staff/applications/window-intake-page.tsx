// /staff/applications/new: window intake (一窗综办). The clerk picks the item, checks the
// person's name against the ID number (real-name check on the server), scans the paper
// materials (each scan is an upload) and files the application on the person's behalf.
import { useState } from 'react';
import { App, Card, Select, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ServiceItem, ServiceItemPage } from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { errorText } from '../../shell/error-text.ts';
import { ErrorView, Loading } from '../../shell/status-views.tsx';
import { ApplicationForm } from '../../portal/applications/application-form.tsx';

export function WindowIntakePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [code, setCode] = useState<string | undefined>(undefined);
  const search = useQuery({
    queryKey: ['services', 'items', 'window', q],
    queryFn: () =>
      get<ServiceItemPage>(
        withQuery('/api/services/items', {
          q: q.trim() || undefined,
          channel: 'window',
          pageSize: 20,
        }),
      ),
    placeholderData: (previous) => previous,
  });
  const item = useQuery({
    queryKey: ['services', 'item', code],
    queryFn: () => get<ServiceItem>(`/api/services/items/${encodeURIComponent(code ?? '')}`),
    enabled: code !== undefined,
  });

  return (
    <div style={{ maxWidth: 760, margin: '0 auto', padding: 16 }}>
      <Link to="/staff/applications">{t('applications.queue.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: '12px 0' }}>
        {t('applications.intake.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('applications.intake.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <label htmlFor="intake-item" style={{ display: 'block', marginBottom: 4 }}>
          {t('applications.intake.item')}
        </label>
        <Select
          id="intake-item"
          style={{ width: '100%' }}
          showSearch={{ filterOption: false, onSearch: setQ }}
          value={code}
          onChange={setCode}
          placeholder={t('applications.intake.itemPlaceholder')}
          loading={search.isFetching}
          status={search.isError ? 'error' : undefined}
          notFoundContent={
            search.isError ? errorText(t, search.error) : t('applications.intake.noItems')
          }
          options={(search.data?.items ?? []).map((i) => ({
            value: i.code,
            label: `${i.name} · ${i.departmentName}`,
          }))}
        />
      </Card>
      {code === undefined ? null : item.isPending ? (
        <Loading />
      ) : item.isError ? (
        <ErrorView error={item.error} onRetry={() => void item.refetch()} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ApplicationForm
            key={item.data.code}
            item={item.data}
            licences={null}
            isAtWindow
            onCreated={(view) => {
              void message.success(t('applications.intake.created'));
              void client.invalidateQueries({ queryKey: ['applications'] });
              void navigate(`/staff/applications/${view.id}`);
            }}
          />
        </Space>
      )}
    </div>
  );
}
