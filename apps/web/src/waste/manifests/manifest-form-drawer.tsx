// Opening, editing (before the first signature) or correcting (after signing) a manifest: the
// approval first, then what it allows — its companies, their trucks and drivers, its disposal
// sites. The server checks it all again and names the field it refuses.
import { useEffect, useMemo } from 'react';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  ManifestContent,
  ManifestDetail,
  ManifestSummary,
  WasteType,
} from '@citygov/contracts';
import { ApiError, post, put } from '../../api/client.ts';
import { cityDateOf } from '../../shell/format.ts';
import { wasteErrorText } from '../waste-error.ts';
import { useApprovals, useDrivers, useTrucks } from '../waste-queries.ts';

export type ManifestFormMode =
  | { kind: 'create' }
  | { kind: 'edit'; manifest: ManifestSummary }
  | { kind: 'correct'; manifest: ManifestSummary };

interface FormValues extends ManifestContent {
  receivedVolumeM3?: number | null;
  reason?: string;
}

const valuesOf = (m: ManifestSummary): Partial<FormValues> => ({
  approvalId: m.approvalId,
  companyId: m.company.id,
  truckId: m.truck.id,
  driverId: m.driver.id,
  disposalSiteId: m.disposalSite.id,
  alternateSiteId: m.alternateSite?.id ?? null,
  routeId: m.routeId,
  wasteType: m.wasteType,
  declaredVolumeM3: m.declaredVolumeM3,
  plannedDate: m.plannedDate,
  receivedVolumeM3: m.receivedVolumeM3,
});

export function ManifestFormDrawer({
  mode,
  onClose,
  onSaved,
}: {
  mode: ManifestFormMode | null;
  onClose: () => void;
  onSaved: (detail: ManifestDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const isOpen = mode !== null;
  const approvals = useApprovals(
    { pageSize: 200, isUsable: mode?.kind === 'create' ? true : undefined },
    isOpen,
  );
  const approvalId = Form.useWatch('approvalId', form);
  const companyId = Form.useWatch('companyId', form);
  const trucks = useTrucks({ companyId, pageSize: 500 }, isOpen && !!companyId);
  const drivers = useDrivers({ companyId, pageSize: 500 }, isOpen && !!companyId);
  const approval = useMemo(
    () => approvals.data?.items.find((a) => a.id === approvalId),
    [approvals.data, approvalId],
  );
  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (mode.kind === 'create')
      form.setFieldsValue({ plannedDate: cityDateOf(new Date()), wasteType: 'muck' });
    else form.setFieldsValue(valuesOf(mode.manifest));
  }, [mode, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const content: ManifestContent = {
        approvalId: v.approvalId,
        companyId: v.companyId,
        truckId: v.truckId,
        driverId: v.driverId,
        disposalSiteId: v.disposalSiteId,
        alternateSiteId: v.alternateSiteId ?? null,
        ...(v.routeId ? { routeId: v.routeId } : {}),
        wasteType: v.wasteType,
        declaredVolumeM3: v.declaredVolumeM3,
        plannedDate: v.plannedDate,
      };
      if (mode!.kind === 'create') return post<ManifestDetail>('/api/waste/manifests', content);
      if (mode!.kind === 'edit') {
        return put<ManifestDetail>(`/api/waste/manifests/${mode!.manifest.id}`, content);
      }
      return post<ManifestDetail>(`/api/waste/manifests/${mode!.manifest.id}/corrections`, {
        content,
        ...(v.receivedVolumeM3 ? { receivedVolumeM3: v.receivedVolumeM3 } : {}),
        reason: v.reason?.trim() ?? '',
      });
    },
    onSuccess: async (detail) => {
      void message.success(t('waste.common.saved'));
      await client.invalidateQueries({ queryKey: ['waste'] });
      onSaved(detail);
    },
  });
  const blamed = save.error instanceof ApiError ? save.error.field : undefined;
  const title =
    mode?.kind === 'create'
      ? t('waste.manifests.new')
      : mode?.kind === 'edit'
        ? t('waste.manifests.editWhole')
        : t('waste.manifests.correct');
  const sitesOfApproval = approval?.disposalSites ?? [];

  return (
    <Drawer
      open={isOpen}
      onClose={() => {
        save.reset();
        onClose();
      }}
      size={560}
      destroyOnHidden
      title={title}
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
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="approvalId"
          label={t('waste.manifests.approval')}
          rules={[{ required: true }]}
        >
          <Select
            disabled={mode?.kind !== 'create'}
            loading={approvals.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(approvals.data?.items ?? []).map((a) => ({
              value: a.id,
              label: `${a.approvalNo} ${a.constructionSiteName}（${t('waste.approvals.remaining')} ${a.remainingVolumeM3} m³）`,
            }))}
            onChange={() =>
              form.setFieldsValue({
                companyId: undefined,
                truckId: undefined,
                driverId: undefined,
                disposalSiteId: undefined,
                alternateSiteId: null,
              })
            }
          />
        </Form.Item>
        <Form.Item
          name="companyId"
          label={t('waste.manifests.company')}
          rules={[{ required: true }]}
        >
          <Select
            placeholder={t('waste.manifests.chooseApproval')}
            options={(approval?.companies ?? []).map((c) => ({ value: c.id, label: c.name }))}
            onChange={() => form.setFieldsValue({ truckId: undefined, driverId: undefined })}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="truckId" label={t('waste.manifests.truck')} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              loading={trucks.isFetching}
              options={(trucks.data?.items ?? [])
                .filter((x) => x.status === 'active')
                .map((x) => ({ value: x.id, label: `${x.plate}（${x.capacityM3} m³）` }))}
            />
          </Form.Item>
          <Form.Item
            name="driverId"
            label={t('waste.manifests.driver')}
            rules={[{ required: true }]}
          >
            <Select
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              loading={drivers.isFetching}
              options={(drivers.data?.items ?? [])
                .filter((d) => d.status === 'active')
                .map((d) => ({ value: d.id, label: `${d.name} ${d.phoneHint ?? ''}` }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item
            name="disposalSiteId"
            label={t('waste.manifests.disposalSite')}
            rules={[{ required: true }]}
          >
            <Select
              style={{ width: 240 }}
              options={sitesOfApproval.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
          <Form.Item name="alternateSiteId" label={t('waste.manifests.alternateSite')}>
            <Select
              allowClear
              style={{ width: 240 }}
              options={sitesOfApproval.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="routeId"
          label={t('waste.manifests.route')}
          extra={t('waste.manifests.routeAuto')}
        >
          <Select
            allowClear
            options={(approval?.routes ?? []).map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="wasteType"
            label={t('waste.manifests.wasteType')}
            rules={[{ required: true }]}
          >
            <Select
              style={{ width: 160 }}
              options={(approval?.wasteTypes ?? (['muck'] as WasteType[])).map((w) => ({
                value: w,
                label: t(`waste.wasteType.${w}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="declaredVolumeM3"
            label={t('waste.manifests.declared')}
            rules={[{ required: true, type: 'number', min: 0.1, max: 100 }]}
          >
            <InputNumber min={0.1} max={100} step={0.5} addonAfter="m³" />
          </Form.Item>
          <Form.Item
            name="plannedDate"
            label={t('waste.manifests.plannedDate')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
          >
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
        </Space>
        {mode?.kind === 'correct' && (
          <>
            <Form.Item name="receivedVolumeM3" label={t('waste.manifests.received')}>
              <InputNumber min={0.1} max={100} step={0.1} addonAfter="m³" />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('waste.manifests.correctionReason')}
              rules={[{ required: true, whitespace: true, min: 2, max: 1000 }]}
            >
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Drawer>
  );
}
