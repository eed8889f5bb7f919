// The caller's earlier cases by phone number (GET /api/cases/by-phone: audited as a read of
// personal data, with the purpose given). The number shows masked once looked up.
import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseList, CaseSummary } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { caseFieldError } from '../cases/case-errors.ts';
import { CaseStateTag } from '../cases/case-state-tag.tsx';
import { CategoryName } from '../cases/category-name.tsx';
import { formatDateTime } from '../shell/format.ts';
import { maskPhone } from './mask-phone.ts';

export function useCallerCases(phone: string | null, purpose: string) {
  return useQuery({
    queryKey: ['cases', 'by-phone', phone],
    queryFn: () =>
      get<CaseList>(
        withQuery('/api/cases/by-phone', { phone: phone!, purpose: purpose || undefined }),
      ),
    enabled: phone !== null,
    // Every look-up is an audited read: only when the call taker asks (or after filing).
    staleTime: Infinity,
    refetchOnMount: false,
    retry: false,
  });
}

export function CallerLookup({
  phone,
  purpose,
  onLookup,
  onOpenCase,
}: {
  phone: string | null;
  purpose: string;
  onLookup: (phone: string, purpose: string) => void;
  onOpenCase: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ phone: string; purpose: string }>();
  const cases = useCallerCases(phone, purpose);
  const error = cases.isError ? caseFieldError(t, cases.error) : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ purpose: t('hotline.lookup.defaultPurpose') }}
        onFinish={(v) => onLookup(v.phone.trim(), v.purpose.trim())}
      >
        <Form.Item
          name="phone"
          label={t('hotline.lookup.phone')}
          rules={[{ required: true, whitespace: true, message: t('hotline.lookup.phoneRequired') }]}
          {...(error?.field === 'phone' && {
            validateStatus: 'error' as const,
            help: error.message,
          })}
        >
          <Input inputMode="tel" autoComplete="off" maxLength={20} autoFocus />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('hotline.lookup.purpose')}
          extra={t('hotline.lookup.auditNote')}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SearchOutlined />}
          loading={cases.isFetching}
        >
          {t('hotline.lookup.search')}
        </Button>
      </Form>
      {error && error.field !== 'phone' && (
        <Alert type="error" showIcon role="alert" title={error.message} />
      )}
      {phone !== null && cases.data && (
        <div data-testid="caller-cases">
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('hotline.lookup.results', { phone: maskPhone(phone), count: cases.data.total })}
          </Typography.Title>
          <Table<CaseSummary>
            rowKey="id"
            size="small"
            dataSource={cases.data.items}
            pagination={false}
            scroll={{ x: 560 }}
            locale={{ emptyText: t('hotline.lookup.none') }}
            columns={[
              {
                title: t('hotline.lookup.columns.number'),
                dataIndex: 'caseNumber',
                render: (_, c) => (
                  <Button type="link" style={{ padding: 0 }} onClick={() => onOpenCase(c.id)}>
                    {c.caseNumber}
                  </Button>
                ),
              },
              {
                title: t('hotline.lookup.columns.category'),
                dataIndex: 'categoryName',
                width: 110,
                render: (name: string, c) => <CategoryName code={c.categoryCode} fallback={name} />,
              },
              {
                title: t('hotline.lookup.columns.state'),
                dataIndex: 'state',
                width: 130,
                render: (_, c) => (
                  <CaseStateTag state={c.state} label={c.stateLabel} isOverdue={c.isOverdue} />
                ),
              },
              {
                title: t('hotline.lookup.columns.createdAt'),
                dataIndex: 'createdAt',
                width: 150,
                render: (at: string) => formatDateTime(at),
              },
            ]}
          />
        </div>
      )}
    </Space>
  );
}
