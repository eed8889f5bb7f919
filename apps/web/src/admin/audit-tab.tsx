// The audit ledger within the auditor's regions, newest first, with filters.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditListQuery, AuditPage } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { cityInputToIso, formatDateTime } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { RegionName } from '../org/org-fields.tsx';

type AuditEntry = AuditPage['items'][number];
const PAGE_SIZE = 50;

interface Filters {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  actorId?: number | null;
  from?: string;
  to?: string;
}

function toQuery(f: Filters, page: number): AuditListQuery {
  const text = (v: string | undefined) => v?.trim() || undefined;
  return {
    subjectType: text(f.subjectType),
    subjectId: text(f.subjectId),
    action: text(f.action),
    actorId: f.actorId ?? undefined,
    from: f.from ? cityInputToIso(f.from) : undefined,
    to: f.to ? cityInputToIso(f.to) : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
}

export function AuditTab() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const query = toQuery(filters, page);
  const audit = useQuery({
    queryKey: ['audit', query],
    queryFn: () => get<AuditPage>(withQuery('/api/audit', query)),
    placeholderData: keepPreviousData,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form<Filters>
        form={form}
        layout="inline"
        onFinish={(v) => {
          setFilters(v);
          setPage(1);
        }}
        style={{ rowGap: 8 }}
      >
        <Form.Item label={t('admin.audit.subjectType')} name="subjectType">
          <Input style={{ width: 120 }} maxLength={64} />
        </Form.Item>
        <Form.Item label={t('admin.audit.subjectId')} name="subjectId">
          <Input style={{ width: 120 }} maxLength={128} />
        </Form.Item>
        <Form.Item label={t('admin.audit.action')} name="action">
          <Input style={{ width: 160 }} maxLength={64} placeholder="people.reveal" />
        </Form.Item>
        <Form.Item label={t('admin.audit.actorId')} name="actorId">
          <InputNumber min={1} precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item label={t('admin.audit.from')} name="from">
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item label={t('admin.audit.to')} name="to">
          <Input type="datetime-local" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
              setPage(1);
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      {audit.isError && <ErrorView error={audit.error} onRetry={() => void audit.refetch()} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={audit.isPending || audit.isFetching}
        dataSource={audit.data?.items ?? []}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowRender: (entry) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {JSON.stringify(entry.data, null, 2)}
              {'\n'}
              {t('admin.audit.hash')}: {entry.hash}
            </pre>
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: audit.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('admin.audit.at'),
            dataIndex: 'at',
            width: 170,
            render: (at: string) => formatDateTime(at),
          },
          {
            title: t('admin.audit.actor'),
            dataIndex: 'actorName',
            render: (name: string, e) => (
              <>
                {name} <Typography.Text type="secondary">({e.actorKind})</Typography.Text>
              </>
            ),
          },
          {
            title: t('admin.audit.action'),
            dataIndex: 'action',
            render: (a: string) => <Tag>{a}</Tag>,
          },
          {
            title: t('admin.audit.subject'),
            key: 'subject',
            render: (_, e) => `${e.subjectType} #${e.subjectId}`,
          },
          {
            title: t('admin.audit.region'),
            dataIndex: 'regionCode',
            render: (code: string) => <RegionName code={code} />,
          },
          {
            title: t('admin.audit.purpose'),
            dataIndex: 'purpose',
            render: (p: string | null) => p ?? t('common.none'),
          },
          {
            title: t('admin.audit.hash'),
            dataIndex: 'hash',
            width: 110,
            render: (h: string) => (
              <Typography.Text code title={h}>
                {h.slice(0, 10)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Space>
  );
}
