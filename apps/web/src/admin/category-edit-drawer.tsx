// Edit one minor class: names, responsible department, case kind, flags and the step limits of
// each urgency level it allows (PUT /api/admin/cases/categories/:code replaces them all).
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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseKind, CategoryView, DurationUnit, UpdateCategoryBody } from '@citygov/contracts';
import { ApiError, put } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { CITY_CODE, useDepartments } from '../org/org-queries.ts';
import { urgencies } from './categories-tab.tsx';

const caseKinds: readonly CaseKind[] = ['immediate', 'promised', 'coordinated'];
const units: readonly DurationUnit[] = ['hours', 'workhours', 'workdays'];
const steps = ['dispatch', 'handle', 'verify'] as const;

const bodyOf = (c: CategoryView): UpdateCategoryBody => ({
  nameZh: c.nameZh,
  nameEn: c.nameEn,
  departmentKey: c.departmentKey,
  departmentCode: c.departmentCode,
  caseKind: c.caseKind,
  limits: c.limits,
  isAnonymousAllowed: c.isAnonymousAllowed,
  isRestricted: c.isRestricted,
  isActive: c.isActive,
});

export function CategoryEditDrawer({
  category,
  onClose,
}: {
  category: CategoryView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<UpdateCategoryBody>();
  const departments = useDepartments({ region: CITY_CODE, limit: 500 }, category !== null);
  useEffect(() => {
    if (category) form.setFieldsValue(bodyOf(category));
  }, [category, form]);
  const save = useMutation({
    mutationFn: (v: UpdateCategoryBody) =>
      put<CategoryView>(`/api/admin/cases/categories/${category!.code}`, {
        ...v,
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
        departmentCode: v.departmentCode ?? null,
        // The hotline rule is not edited here; keep it as stored.
        limits: { ...v.limits, hotline: category!.limits.hotline },
      }),
    onSuccess: async (saved) => {
      void message.success(t('adminCatalogue.categories.saved', { code: saved.code }));
      await client.invalidateQueries({ queryKey: ['cases', 'categories'] });
      onClose();
    },
  });
  const blamed = save.error instanceof ApiError ? save.error.field : undefined;
  const allowed = category ? urgencies.filter((u) => category.limits.urgencies[u]) : [];

  return (
    <Drawer
      open={category !== null}
      onClose={() => {
        save.reset();
        onClose();
      }}
      size={620}
      destroyOnHidden
      title={category ? `${category.code} ${category.nameZh}` : ''}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
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
          title={errorText(t, save.error)}
          description={blamed ? t('adminCatalogue.edit.field', { field: blamed }) : undefined}
        />
      )}
      <Form<UpdateCategoryBody> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Space wrap>
          <Form.Item
            name="nameZh"
            label={t('adminCatalogue.categories.nameZh')}
            rules={[{ required: true, whitespace: true, max: 50 }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('adminCatalogue.categories.nameEn')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item
          name="departmentCode"
          label={t('adminCatalogue.categories.department')}
          extra={t('adminCatalogue.categories.departmentHelp')}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isPending}
            placeholder={t('adminCatalogue.categories.byKey')}
            options={(departments.data?.items ?? []).map((d) => ({
              value: d.code,
              label: d.name,
            }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="departmentKey"
            label={t('adminCatalogue.categories.departmentKey')}
            rules={[{ required: true, pattern: /^[a-z][a-z_]{1,39}$/ }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="caseKind" label={t('adminCatalogue.categories.caseKind')}>
            <Select
              style={{ width: 140 }}
              options={caseKinds.map((k) => ({
                value: k,
                label: t(`adminCatalogue.caseKind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name={['limits', 'defaultUrgency']}
            label={t('adminCatalogue.categories.defaultUrgency')}
          >
            <Select
              style={{ width: 120 }}
              options={allowed.map((u) => ({ value: u, label: t(`adminCatalogue.urgency.${u}`) }))}
            />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          {(['isAnonymousAllowed', 'isRestricted', 'isActive'] as const).map((flag) => (
            <Form.Item
              key={flag}
              name={flag}
              label={t(`adminCatalogue.categories.${flag}`)}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          ))}
        </Space>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('adminCatalogue.categories.limits')}
        </Typography.Title>
        {allowed.map((u) => (
          <fieldset key={u} style={{ border: 'none', padding: 0, margin: '0 0 8px' }}>
            <legend style={{ fontSize: 14, fontWeight: 600 }}>
              {t(`adminCatalogue.urgency.${u}`)}
            </legend>
            <Space wrap>
              {steps.map((step) => (
                <Space.Compact key={step}>
                  <Form.Item
                    name={['limits', 'urgencies', u, step, 'amount']}
                    label={t(`adminCatalogue.categories.steps.${step}`)}
                    rules={[{ required: true, type: 'number', min: 0.01 }]}
                  >
                    <InputNumber min={0.01} max={100000} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item
                    name={['limits', 'urgencies', u, step, 'unit']}
                    label={t('adminCatalogue.categories.unit')}
                  >
                    <Select
                      style={{ width: 110 }}
                      options={units.map((unit) => ({
                        value: unit,
                        label: t(`adminCatalogue.unitNames.${unit}`),
                      }))}
                    />
                  </Form.Item>
                </Space.Compact>
              ))}
            </Space>
          </fieldset>
        ))}
      </Form>
    </Drawer>
  );
}
