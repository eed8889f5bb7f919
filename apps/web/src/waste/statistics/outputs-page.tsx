// /waste/outputs: a disposal site declares each day's sorted, recycled and landfilled volume
// (the statistics share it among that day's loads); the last 90 days beside what it received.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  DisposalOutputBody,
  DisposalOutputList,
  DisposalOutputView,
} from '@citygov/contracts';
import { get, put } from '../../api/client.ts';
import { addDays, cityDateOf } from '../../shell/format.ts';
import { EmptyView, ErrorView } from '../../shell/status-views.tsx';
import { wasteErrorText } from '../waste-error.ts';
import { useDisposalSites, useMyParties } from '../waste-queries.ts';

export function OutputsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const parties = useMyParties();
  const mine = (parties.data?.items ?? []).filter((p) => p.kind === 'disposal_site');
  // Staff (no organisation of their own) pick any disposal site of their regions.
  const all = useDisposalSites(undefined, parties.isSuccess && mine.length === 0);
  const choices =
    mine.length > 0 ? mine : (all.data?.items ?? []).map((d) => ({ id: d.id, name: d.name }));
  const [chosen, setChosen] = useState<number | null>(null);
  const siteId = chosen ?? choices[0]?.id ?? null;
  const outputs = useQuery({
    queryKey: ['waste', 'outputs', siteId],
    queryFn: () => get<DisposalOutputList>(`/api/waste/disposal-sites/${siteId}/outputs`),
    enabled: siteId !== null,
  });
  const [form] = Form.useForm<DisposalOutputBody>();
  const declare = useMutation({
    mutationFn: (v: DisposalOutputBody) =>
      put<DisposalOutputList>(`/api/waste/disposal-sites/${siteId}/outputs`, v),
    onSuccess: async (next, v) => {
      client.setQueryData(['waste', 'outputs', siteId], next);
      void message.success(t('waste.outputs.declared', { day: v.day }));
      await client.invalidateQueries({ queryKey: ['waste', 'statistics'] });
    },
  });
  if (parties.isSuccess && choices.length === 0 && !all.isPending)
    return <EmptyView description={t('waste.outputs.noSite')} />;
  const today = cityDateOf(new Date());
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Select
        style={{ width: 320 }}
        value={siteId ?? undefined}
        aria-label={t('waste.outputs.site')}
        options={choices.map((c) => ({ value: c.id, label: c.name }))}
        onChange={(v: number) => setChosen(v)}
      />
      {declare.isError && (
        <Alert type="error" showIcon role="alert" title={wasteErrorText(t, declare.error)} />
      )}
      <Form<DisposalOutputBody>
        form={form}
        layout="inline"
        initialValues={{
          day: addDays(today, -1),
          sortedVolumeM3: 0,
          recycledVolumeM3: 0,
          landfilledVolumeM3: 0,
        }}
        onFinish={(v) => declare.mutate(v)}
      >
        <Form.Item name="day" label={t('waste.outputs.day')} rules={[{ required: true }]}>
          <Input type="date" max={today} style={{ width: 160 }} />
        </Form.Item>
        {(['sortedVolumeM3', 'recycledVolumeM3', 'landfilledVolumeM3'] as const).map((f) => (
          <Form.Item
            key={f}
            name={f}
            label={t(`waste.outputs.${f.replace('VolumeM3', '')}`)}
            rules={[{ required: true, type: 'number', min: 0 }]}
          >
            <InputNumber min={0} max={1e7} step={10} />
          </Form.Item>
        ))}
        <Button
          type="primary"
          htmlType="submit"
          loading={declare.isPending}
          disabled={siteId === null}
        >
          {t('waste.outputs.declare')}
        </Button>
      </Form>
      {outputs.isError ? (
        <ErrorView error={outputs.error} onRetry={() => void outputs.refetch()} />
      ) : (
        <Table<DisposalOutputView>
          rowKey="day"
          size="small"
          loading={outputs.isFetching}
          dataSource={outputs.data?.items ?? []}
          pagination={{ pageSize: 15, showSizeChanger: false }}
          columns={[
            { title: t('waste.outputs.day'), dataIndex: 'day' },
            { title: t('waste.outputs.received'), dataIndex: 'receivedVolumeM3', align: 'right' },
            { title: t('waste.outputs.sorted'), dataIndex: 'sortedVolumeM3', align: 'right' },
            { title: t('waste.outputs.recycled'), dataIndex: 'recycledVolumeM3', align: 'right' },
            {
              title: t('waste.outputs.landfilled'),
              dataIndex: 'landfilledVolumeM3',
              align: 'right',
            },
          ]}
        />
      )}
    </Space>
  );
}
