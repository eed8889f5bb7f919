// The merged form of a bundle: every field once, every material once, one submission. The
// server's refusal is placed on the field or material it names, or shown naming the item.
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Form, Space, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type {
  BundleApplicationView,
  BundleDetail,
  BundleMaterialInput,
  CreateBundleApplicationBody,
  LicenceView,
} from '@citygov/contracts';
import { ApiError, post } from '../../api/client.ts';
import { errorText } from '../../shell/error-text.ts';
import { MaterialUpload } from '../applications/material-upload.tsx';
import { BundleFormField } from './bundle-field.tsx';

interface Values {
  form?: Record<string, string | number | boolean | null | undefined>;
  materials?: Record<string, string[] | undefined>;
}

/** Where the server's refusal goes: form fields and materials by name, or a sentence. */
function placeError(t: TFunction, error: unknown, bundle: BundleDetail) {
  if (!(error instanceof ApiError)) return { fields: [], general: errorText(t, error) };
  const details = error.details ?? {};
  const member = details.member as { itemName?: string } | undefined;
  const general = member?.itemName
    ? t('bundles.errors.member', { item: member.itemName, message: error.message })
    : errorText(t, error);
  const field = error.field ?? '';
  const fields: Array<{ name: string[]; errors: string[] }> = [];
  if (field.startsWith('form.') && bundle.fields.some((f) => `form.${f.key}` === field)) {
    fields.push({
      name: ['form', field.slice(5)],
      errors: [t('bundles.errors.field', { message: error.message })],
    });
  }
  const missing = Array.isArray(details.missing)
    ? (details.missing as Array<{ key?: string | null }>)
    : [];
  for (const m of missing) {
    if (m.key) fields.push({ name: ['materials', m.key], errors: [t('bundles.errors.material')] });
  }
  return { fields, general };
}

export function BundleForm({
  bundle,
  licences,
  onCreated,
}: {
  bundle: BundleDetail;
  licences: readonly LicenceView[];
  onCreated: (view: BundleApplicationView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [general, setGeneral] = useState<string | null>(null);
  const nameOf = (code: string) =>
    bundle.members.find((m) => m.itemCode === code)?.itemName ?? code;
  const held = new Set(licences.map((l) => l.licenceType));

  const submit = useMutation({
    mutationFn: (body: CreateBundleApplicationBody) =>
      post<BundleApplicationView>(`/api/services/bundles/${bundle.code}/applications`, body),
    onSuccess: onCreated,
    onError: (error) => {
      const placed = placeError(t, error, bundle);
      setGeneral(placed.general);
      form.setFields(placed.fields as never);
    },
  });

  const setMaterialBusy = useCallback((key: string, isBusy: boolean) => {
    setBusy((current) => {
      if (current.has(key) === isBusy) return current;
      const next = new Set(current);
      if (isBusy) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  const onFinish = (values: Values) => {
    setGeneral(null);
    const entries = Object.entries(values.form ?? {}).flatMap(([key, value]) => {
      const v = typeof value === 'string' ? value.trim() : value;
      return v === undefined || v === null || v === '' ? [] : [[key, v] as const];
    });
    const materials: BundleMaterialInput[] = bundle.materials.flatMap((m) =>
      (values.materials?.[m.key] ?? []).map((fileSha256) => ({ key: m.key, fileSha256 })),
    );
    submit.mutate({ form: Object.fromEntries(entries), materials });
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark>
      <Card size="small" title={t('bundles.detail.formTitle')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">
          {t('bundles.detail.formIntro')}
        </Typography.Paragraph>
        {bundle.fields.map((f) => (
          <BundleFormField
            key={f.key}
            field={f}
            itemNames={[...new Set(f.targets.map((x) => nameOf(x.itemCode)))]}
          />
        ))}
      </Card>
      <Card size="small" title={t('bundles.detail.materialsTitle')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">
          {t('bundles.detail.materialsIntro')}
        </Typography.Paragraph>
        {bundle.materials.length === 0 && (
          <Typography.Text type="secondary">{t('bundles.detail.noMaterials')}</Typography.Text>
        )}
        {bundle.materials.map((m) => {
          // A licence the applicant holds is attached by the platform (免提交).
          const isRequired =
            m.requirement === 'required' && !(m.licenceType && held.has(m.licenceType));
          return (
            <Form.Item
              key={m.key}
              name={['materials', m.key]}
              label={
                <Space wrap size={4}>
                  <span>{m.name}</span>
                  <Tag color={m.requirement === 'required' ? 'red' : 'orange'}>
                    {t(`bundles.detail.${m.requirement}`)}
                  </Tag>
                </Space>
              }
              required={isRequired}
              extra={[
                t('bundles.detail.usedBy', {
                  items: [...new Set(m.uses.map((u) => nameOf(u.itemCode)))].join('、'),
                }),
                m.condition ? t('bundles.detail.when', { condition: m.condition }) : null,
              ]
                .filter(Boolean)
                .join('；')}
              rules={[
                {
                  validator: (_, value: string[] | undefined) =>
                    isRequired && !value?.length
                      ? Promise.reject(new Error(t('bundles.errors.material')))
                      : Promise.resolve(),
                },
              ]}
            >
              <MaterialUpload
                disabled={submit.isPending}
                onBusyChange={(isBusy) => setMaterialBusy(m.key, isBusy)}
              />
            </Form.Item>
          );
        })}
      </Card>
      {general && (
        <Alert type="error" showIcon role="alert" title={general} style={{ marginBottom: 12 }} />
      )}
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={submit.isPending}
        disabled={busy.size > 0}
      >
        {busy.size > 0 ? t('bundles.detail.waitUploads') : t('bundles.detail.submit')}
      </Button>
    </Form>
  );
}
