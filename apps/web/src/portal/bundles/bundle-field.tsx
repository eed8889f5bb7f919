// One field of a bundle's merged form, by its type; a shared field says how many items it fills.
import { Form, Input, InputNumber, Select, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BundleField } from '@citygov/contracts';
import { localized } from '../../shell/format.ts';

const MOBILE = /^1[3-9][0-9]{9}$/;
const RESIDENT_ID = /^[0-9]{17}[0-9Xx]$/;

function control(field: BundleField) {
  switch (field.type) {
    case 'textarea':
      return (
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={field.maxLength ?? 2000} />
      );
    case 'date':
      return <Input type="date" />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} min={0} />;
    case 'boolean':
      return <Switch />;
    case 'select':
      return (
        <Select
          options={field.options.map((o) => ({ value: o.value, label: localized(o.label) }))}
          allowClear={!field.isRequired}
        />
      );
    case 'phone':
      return <Input type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} />;
    case 'id_number':
      return <Input autoComplete="off" maxLength={18} />;
    case 'text':
      return <Input maxLength={field.maxLength ?? 200} />;
    default: {
      const unknown: never = field.type;
      return unknown;
    }
  }
}

export function BundleFormField({ field, itemNames }: { field: BundleField; itemNames: string[] }) {
  const { t } = useTranslation();
  const label = localized(field.label);
  const rules = [
    ...(field.isRequired
      ? [{ required: true, message: t('bundles.errors.required', { label }) }]
      : []),
    ...(field.type === 'phone' ? [{ pattern: MOBILE, message: t('bundles.errors.phone') }] : []),
    ...(field.type === 'id_number'
      ? [{ pattern: RESIDENT_ID, message: t('bundles.errors.idNumber') }]
      : []),
  ];
  return (
    <Form.Item
      name={['form', field.key]}
      label={
        <span>
          {label}
          {field.isShared && (
            <Tag color="blue" style={{ marginInlineStart: 8 }} title={itemNames.join('、')}>
              {t('bundles.detail.shared', { count: itemNames.length })}
            </Tag>
          )}
        </span>
      }
      extra={field.help ? localized(field.help) : undefined}
      rules={rules}
      valuePropName={field.type === 'boolean' ? 'checked' : 'value'}
    >
      {control(field)}
    </Form.Item>
  );
}
