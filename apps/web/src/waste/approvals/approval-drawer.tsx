// Issuing or changing a disposal approval (处置核准): the site, what and how much, until when,
// in which hours, with which companies, to which disposal sites along which routes.
import { useEffect } from 'react';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { WasteApprovalBody, WasteApprovalView, WasteType } from '@citygov/contracts';
import { ApiError, post, put } from '../../api/client.ts';
import { addDays, cityDateOf } from '../../shell/format.ts';
import { wasteErrorText } from '../waste-error.ts';
import { useCompanies, useDisposalSites, useRoutes, useSites } from '../waste-queries.ts';

const wasteTypes: WasteType[] = ['muck', 'mud', 'construction', 'demolition', 'decoration'];

const bodyOf = (a: WasteApprovalView): WasteApprovalBody => ({
  constructionSiteId: a.constructionSiteId,
  wasteTypes: a.wasteTypes,
  permittedVolumeM3: a.permittedVolumeM3,
  validFrom: a.validFrom,
  validTo: a.validTo,
  hoursFrom: a.hoursFrom,
  hoursTo: a.hoursTo,
  companyIds: a.companies.map((c) => c.id),
  disposalSiteIds: a.disposalSites.map((d) => d.id),
  routeIds: a.routes.map((r) => r.id),
  status: a.status,
  note: a.note,
});

export function ApprovalDrawer({
  editing,
  onClose,
}: {
  /** null: closed; 'new': a new approval. */
  editing: WasteApprovalView | 'new' | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<WasteApprovalBody>();
  const isOpen = editing !== null;
  const sites = useSites(undefined, isOpen);
  const companies = useCompanies(undefined, isOpen);
  const disposal = useDisposalSites(undefined, isOpen);
  const routes = useRoutes(undefined, isOpen);
  const siteId = Form.useWatch('constructionSiteId', form);
  const disposalIds = Form.useWatch('disposalSiteIds', form) ?? [];
  useEffect(() => {
    if (editing === null) return;
    form.resetFields();
    const today = cityDateOf(new Date());
    form.setFieldsValue(
      editing === 'new'
        ? {
            wasteTypes: ['muck'],
            validFrom: today,
            validTo: addDays(today, 90),
            hoursFrom: '06:00',
            hoursTo: '22:00',
            routeIds: [],
            status: 'active',
          }
        : bodyOf(editing),
    );
  }, [editing, form]);
  const save = useMutation({
    mutationFn: (v: WasteApprovalBody) => {
      const body = { ...v, routeIds: v.routeIds ?? [], note: v.note?.trim() || null };
      return editing === 'new'
        ? post<WasteApprovalView>('/api/waste/approvals', body)
        : put<WasteApprovalView>(`/api/waste/approvals/${(editing as WasteApprovalView).id}`, body);
    },
    onSuccess: async () => {
      void message.success(t('waste.common.saved'));
      await client.invalidateQueries({ queryKey: ['waste'] });
      onClose();
    },
  });
  const blamed = save.error instanceof ApiError ? save.error.field : undefined;
  const siteRoutes = (routes.data?.items ?? []).filter(
    (r) => r.constructionSiteId === siteId && disposalIds.includes(r.disposalSiteId),
  );

  return (
    <Drawer
      open={isOpen}
      onClose={onClose}
      size={600}
      destroyOnHidden
      title={editing === 'new' ? t('waste.common.create') : editing ? editing.approvalNo : ''}
      extra={
        <Space>
          <Button onClick={onClose}>{t('waste.common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('waste.common.save')}
          </Button>
        </Space>
      }
    >
      {save.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={wasteErrorText(t, save.error)}
          description={blamed}
        />
      )}
      <Form<WasteApprovalBody> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="constructionSiteId"
          label={t('waste.approvals.site')}
          rules={[{ required: true }]}
        >
          <Select
            disabled={editing !== 'new'}
            showSearch={{ optionFilterProp: 'label' }}
            options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="wasteTypes"
            label={t('waste.approvals.wasteTypes')}
            rules={[{ required: true }]}
          >
            <Select
              mode="multiple"
              style={{ minWidth: 260 }}
              options={wasteTypes.map((w) => ({ value: w, label: t(`waste.wasteType.${w}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="permittedVolumeM3"
            label={t('waste.approvals.permitted')}
            rules={[{ required: true, type: 'number', min: 1 }]}
          >
            <InputNumber min={1} max={1e8} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item
            name="validFrom"
            label={t('waste.approvals.validFrom')}
            rules={[{ required: true }]}
          >
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="validTo"
            label={t('waste.approvals.validTo')}
            rules={[{ required: true }]}
          >
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="hoursFrom"
            label={t('waste.approvals.hoursFrom')}
            rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}
          >
            <Input type="time" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="hoursTo"
            label={t('waste.approvals.hoursTo')}
            rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}
          >
            <Input type="time" style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="companyIds"
          label={t('waste.approvals.companies')}
          rules={[{ required: true }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={(companies.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item
          name="disposalSiteIds"
          label={t('waste.approvals.disposalSites')}
          rules={[{ required: true }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={(disposal.data?.items ?? []).map((d) => ({
              value: d.id,
              label: `${d.name}（${t(`waste.disposalKind.${d.kind}`)}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="routeIds" label={t('waste.approvals.routes')}>
          <Select
            mode="multiple"
            options={siteRoutes.map((r) => ({
              value: r.id,
              label: `${r.name}（${(r.lengthM / 1000).toFixed(1)} km）`,
            }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="status" label={t('waste.common.status')}>
            <Select
              style={{ width: 140 }}
              options={(['active', 'suspended', 'revoked'] as const).map((s) => ({
                value: s,
                label: t(`waste.status.${s}`),
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('waste.approvals.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
