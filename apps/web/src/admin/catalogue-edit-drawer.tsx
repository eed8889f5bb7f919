// Edit the basic fields of one service item. The API replaces the whole guide, so the form's
// values are laid over the stored guide and everything else is sent back unchanged.
import { useEffect } from 'react';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  ServiceAudience,
  ServiceChannel,
  ServiceItem,
  ServiceItemStatus,
  UpdateServiceItemBody,
} from '@citygov/contracts';
import { ApiError, get, put } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { ErrorView, Loading } from '../shell/status-views.tsx';

const channels: readonly ServiceChannel[] = [
  'web',
  'mobile',
  'mini_program',
  'bank_terminal',
  'rural_point',
  'window',
];
const audiences: readonly ServiceAudience[] = ['citizen', 'enterprise', 'both'];
const statuses: readonly ServiceItemStatus[] = ['active', 'suspended'];

interface BasicFields {
  name: string;
  audience: ServiceAudience;
  promisedLimitDays: number;
  legalLimitDays: number;
  visits: number;
  onlineDepth: number;
  channels: ServiceChannel[];
  keywords: string[];
  place: string;
  hours: string;
  enquiryPhone: string;
  complaintPhone: string;
  isFree: boolean;
  amountYuan: number | null;
  status: ServiceItemStatus;
}

/** The stored guide of an item, in the shape PUT expects (the type keeps the two in step). */
function guideOf(item: ServiceItem): UpdateServiceItemBody {
  return {
    name: item.name,
    audience: item.audience,
    legalBasis: item.legalBasis,
    conditions: item.conditions,
    materials: item.materials,
    steps: item.steps,
    legalLimitDays: item.legalLimitDays,
    promisedLimitDays: item.promisedLimitDays,
    specialSteps: item.specialSteps,
    fee: item.fee,
    place: item.place,
    hours: item.hours,
    visits: item.visits,
    onlineDepth: item.onlineDepth,
    channels: item.channels,
    lifeEvents: item.lifeEvents,
    keywords: item.keywords,
    enquiryPhone: item.enquiryPhone,
    complaintPhone: item.complaintPhone,
    workflowKey: item.workflowKey,
    isLicensing: item.isLicensing,
    ...(item.issuedLicenceType !== undefined && { issuedLicenceType: item.issuedLicenceType }),
    ...(item.resultName !== undefined && { resultName: item.resultName }),
    deliveryMethods: item.deliveryMethods,
    frequency: item.frequency,
    status: item.status,
  };
}

const fieldsOf = (item: ServiceItem): BasicFields => ({
  name: item.name,
  audience: item.audience,
  promisedLimitDays: item.promisedLimitDays,
  legalLimitDays: item.legalLimitDays,
  visits: item.visits,
  onlineDepth: item.onlineDepth,
  channels: item.channels,
  keywords: item.keywords,
  place: item.place,
  hours: item.hours,
  enquiryPhone: item.enquiryPhone,
  complaintPhone: item.complaintPhone,
  isFree: item.fee.isFree,
  amountYuan: item.fee.amountYuan ?? null,
  status: item.status,
});

export function CatalogueEditDrawer({
  code,
  onClose,
}: {
  code: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<BasicFields>();
  const item = useQuery({
    queryKey: ['services', 'item', code],
    queryFn: () => get<ServiceItem>(`/api/services/items/${encodeURIComponent(code!)}`),
    enabled: code !== null,
  });
  useEffect(() => {
    if (item.data) form.setFieldsValue(fieldsOf(item.data));
  }, [item.data, form]);

  const save = useMutation({
    mutationFn: (v: BasicFields) => {
      const stored = item.data!;
      const body: UpdateServiceItemBody = {
        ...guideOf(stored),
        name: v.name.trim(),
        audience: v.audience,
        promisedLimitDays: v.promisedLimitDays,
        legalLimitDays: v.legalLimitDays,
        visits: v.visits,
        onlineDepth: v.onlineDepth,
        channels: v.channels,
        keywords: v.keywords.map((k) => k.trim()).filter(Boolean),
        place: v.place,
        hours: v.hours,
        enquiryPhone: v.enquiryPhone.trim(),
        complaintPhone: v.complaintPhone.trim(),
        fee: { ...stored.fee, isFree: v.isFree, amountYuan: v.isFree ? null : v.amountYuan },
        status: v.status,
      };
      return put<ServiceItem>(`/api/admin/services/items/${encodeURIComponent(stored.code)}`, body);
    },
    onSuccess: async (saved) => {
      void message.success(t('adminCatalogue.edit.saved', { name: saved.name }));
      client.setQueryData(['services', 'item', saved.code], saved);
      await client.invalidateQueries({ queryKey: ['services', 'items'] });
      onClose();
    },
  });
  const saveError = save.error;
  // A field the server blamed is shown on that field; anything else above the form.
  const blamed = saveError instanceof ApiError ? saveError.field : undefined;
  const isFree = Form.useWatch('isFree', form);

  return (
    <Drawer
      open={code !== null}
      onClose={() => {
        save.reset();
        onClose();
      }}
      size={560}
      title={t('adminCatalogue.edit.title')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            disabled={!item.data}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {item.isPending && code !== null && <Loading />}
      {item.isError && <ErrorView error={item.error} onRetry={() => void item.refetch()} />}
      {item.data && (
        <>
          <Typography.Paragraph type="secondary">
            <Typography.Text code>{item.data.code}</Typography.Text> · {item.data.department.name}
          </Typography.Paragraph>
          {saveError && (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 16 }}
              title={errorText(t, saveError)}
              description={blamed ? t('adminCatalogue.edit.field', { field: blamed }) : undefined}
            />
          )}
          <Form<BasicFields> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
            <Form.Item
              name="name"
              label={t('adminCatalogue.edit.name')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
              validateStatus={blamed === 'name' ? 'error' : undefined}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="audience" label={t('adminCatalogue.edit.audience')}>
              <Select
                options={audiences.map((a) => ({
                  value: a,
                  label: t(`adminCatalogue.audience.${a}`),
                }))}
              />
            </Form.Item>
            <Space wrap>
              <Form.Item
                name="promisedLimitDays"
                label={t('adminCatalogue.edit.promisedLimitDays')}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={365} precision={0} />
              </Form.Item>
              <Form.Item
                name="legalLimitDays"
                label={t('adminCatalogue.edit.legalLimitDays')}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={365} precision={0} />
              </Form.Item>
              <Form.Item name="visits" label={t('adminCatalogue.edit.visits')}>
                <Select
                  style={{ width: 120 }}
                  options={[0, 1, 2].map((v) => ({
                    value: v,
                    label: t('adminCatalogue.catalogue.visitsValue', { count: v }),
                  }))}
                />
              </Form.Item>
              <Form.Item name="onlineDepth" label={t('adminCatalogue.edit.onlineDepth')}>
                <Select
                  style={{ width: 160 }}
                  options={[1, 2, 3, 4].map((d) => ({
                    value: d,
                    label: t(`adminCatalogue.onlineDepth.${d}`),
                  }))}
                />
              </Form.Item>
            </Space>
            <Form.Item
              name="channels"
              label={t('adminCatalogue.edit.channels')}
              rules={[{ required: true, type: 'array', min: 1 }]}
            >
              <Select
                mode="multiple"
                options={channels.map((c) => ({
                  value: c,
                  label: t(`adminCatalogue.channel.${c}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="keywords" label={t('adminCatalogue.edit.keywords')}>
              <Select mode="tags" tokenSeparators={[',', '，']} maxCount={20} />
            </Form.Item>
            <Form.Item name="place" label={t('adminCatalogue.edit.place')} rules={[{ max: 500 }]}>
              <Input maxLength={500} />
            </Form.Item>
            <Form.Item name="hours" label={t('adminCatalogue.edit.hours')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Space wrap>
              <Form.Item
                name="enquiryPhone"
                label={t('adminCatalogue.edit.enquiryPhone')}
                rules={[{ required: true, pattern: /^[0-9+][0-9 -]{2,30}$/ }]}
              >
                <Input maxLength={31} />
              </Form.Item>
              <Form.Item
                name="complaintPhone"
                label={t('adminCatalogue.edit.complaintPhone')}
                rules={[{ required: true, pattern: /^[0-9+][0-9 -]{2,30}$/ }]}
              >
                <Input maxLength={31} />
              </Form.Item>
            </Space>
            <Space wrap align="end">
              <Form.Item
                name="isFree"
                label={t('adminCatalogue.edit.isFree')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
              {!isFree && (
                <Form.Item name="amountYuan" label={t('adminCatalogue.edit.amountYuan')}>
                  <InputNumber min={0} max={100_000_000} precision={2} />
                </Form.Item>
              )}
              <Form.Item name="status" label={t('adminCatalogue.edit.status')}>
                <Select
                  style={{ width: 120 }}
                  options={statuses.map((s) => ({
                    value: s,
                    label: t(`adminCatalogue.status.${s}`),
                  }))}
                />
              </Form.Item>
            </Space>
          </Form>
        </>
      )}
    </Drawer>
  );
}
