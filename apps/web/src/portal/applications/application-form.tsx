// The application form of one item, built from its guide: contact fields, then every material
// with what the applicant must do for it (upload, 免提交 by a licence, fetched by the
// department, only in some cases). Used online by the applicant and at the window by a clerk.
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  ApplicationMaterialInput,
  CreateApplicationBody,
  LicenceView,
  ServiceItem,
  WorkflowView,
} from '@citygov/contracts';
import { post } from '../../api/client.ts';
import { materialField, placeApiError } from './api-field-errors.ts';
import { MaterialUpload } from './material-upload.tsx';
import { isFileRequired, planMaterials, type PlannedMaterial } from './material-plan.ts';

interface Values {
  applicantName?: string;
  applicantIdNumber?: string;
  form: { contactPhone: string; contactAddress?: string; remarks?: string };
  materials?: Record<string, string[] | undefined>;
}

const MOBILE = /^1[3-9][0-9]{9}$/;
const RESIDENT_ID = /^[0-9]{17}[0-9Xx]$/;

export function ApplicationForm({
  item,
  licences,
  isAtWindow,
  onCreated,
}: {
  item: ServiceItem;
  /** The applicant's licences (online); null at the window, where the clerk cannot see them. */
  licences: LicenceView[] | null;
  isAtWindow: boolean;
  onCreated: (view: WorkflowView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<ReadonlySet<number>>(new Set());
  const [general, setGeneral] = useState<string | null>(null);
  const plan = planMaterials(item.materials, licences);

  const submit = useMutation({
    mutationFn: (body: CreateApplicationBody) =>
      post<WorkflowView>('/api/services/applications', body),
    onSuccess: onCreated,
    onError: (error, body) => {
      const placed = placeApiError(t, error, body.materials);
      setGeneral(placed.general);
      // The paths come from the API's answer, not from the form's own type.
      form.setFields(placed.fields as never);
      const first = placed.fields[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
    },
  });

  const setMaterialBusy = useCallback((id: number, isBusy: boolean) => {
    setBusy((current) => {
      if (current.has(id) === isBusy) return current;
      const next = new Set(current);
      if (isBusy) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const onFinish = (values: Values) => {
    setGeneral(null);
    const materials: ApplicationMaterialInput[] = plan.flatMap((p) =>
      (values.materials?.[`m${p.id}`] ?? []).map((sha) => ({ materialId: p.id, fileSha256: sha })),
    );
    const extra = Object.fromEntries(
      Object.entries({
        contactAddress: values.form.contactAddress?.trim(),
        remarks: values.form.remarks?.trim(),
      }).filter(([, v]) => v),
    );
    submit.mutate({
      itemCode: item.code,
      form: { contactPhone: values.form.contactPhone.trim(), ...extra },
      materials,
      ...(isAtWindow && {
        channel: 'window' as const,
        applicantName: values.applicantName?.trim() ?? '',
        applicantIdNumber: values.applicantIdNumber?.trim().toUpperCase() ?? '',
      }),
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      onFinishFailed={({ errorFields }) => {
        const first = errorFields[0];
        if (first) form.scrollToField(first.name, { block: 'center' });
      }}
      scrollToFirstError={false}
      requiredMark
    >
      {isAtWindow && (
        <Card size="small" title={t('applications.form.applicant')} style={{ marginBottom: 12 }}>
          <Form.Item
            name="applicantName"
            label={t('applications.form.applicantName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('applications.form.applicantNameRequired'),
              },
            ]}
          >
            <Input autoComplete="off" maxLength={50} />
          </Form.Item>
          <Form.Item
            name="applicantIdNumber"
            label={t('applications.form.applicantIdNumber')}
            extra={t('applications.form.realNameHint')}
            rules={[
              { required: true, pattern: RESIDENT_ID, message: t('applications.errors.idNumber') },
            ]}
          >
            <Input autoComplete="off" maxLength={18} inputMode="text" />
          </Form.Item>
        </Card>
      )}
      <Card size="small" title={t('applications.form.contact')} style={{ marginBottom: 12 }}>
        <Form.Item
          name={['form', 'contactPhone']}
          label={t('applications.form.contactPhone')}
          rules={[
            { required: true, pattern: MOBILE, message: t('applications.errors.contactPhone') },
          ]}
        >
          <Input type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} />
        </Form.Item>
        <Form.Item name={['form', 'contactAddress']} label={t('applications.form.contactAddress')}>
          <Input autoComplete="street-address" maxLength={200} />
        </Form.Item>
        <Form.Item name={['form', 'remarks']} label={t('applications.form.remarks')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('applications.form.materials')} style={{ marginBottom: 12 }}>
        {plan.length === 0 ? (
          <Typography.Text type="secondary">{t('applications.form.noMaterials')}</Typography.Text>
        ) : (
          plan.map((p) => (
            <MaterialField
              key={p.id}
              planned={p}
              isAtWindow={isAtWindow}
              isDisabled={submit.isPending}
              onBusyChange={setMaterialBusy}
            />
          ))
        )}
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
        {busy.size > 0 ? t('applications.form.waitUploads') : t('applications.form.submit')}
      </Button>
    </Form>
  );
}

function MaterialField({
  planned,
  isAtWindow,
  isDisabled,
  onBusyChange,
}: {
  planned: PlannedMaterial;
  isAtWindow: boolean;
  isDisabled: boolean;
  onBusyChange: (id: number, isBusy: boolean) => void;
}) {
  const { t } = useTranslation();
  const { material, need, licence, id } = planned;
  const isRequired = isFileRequired(planned, isAtWindow);
  const onBusy = useCallback((isBusy: boolean) => onBusyChange(id, isBusy), [id, onBusyChange]);
  const label = (
    <Space wrap size={4}>
      <span>{material.name}</span>
      {need === 'conditional' ? (
        <Tag color="orange">{t('applications.need.conditional')}</Tag>
      ) : need === 'licence' ? (
        <Tag color="green">{t('applications.need.licence')}</Tag>
      ) : need === 'byDepartment' ? (
        <Tag>{t('applications.need.byDepartment')}</Tag>
      ) : (
        <Tag color="red">{t('applications.need.required')}</Tag>
      )}
    </Space>
  );
  const notes = [
    material.requirement === 'conditional' && material.condition
      ? t('applications.need.when', { condition: material.condition })
      : null,
    material.notes,
    isAtWindow && need === 'upload' && material.licenceType
      ? t('applications.need.windowLicence')
      : null,
  ].filter(Boolean);

  if (need === 'licence' || need === 'byDepartment') {
    return (
      <div data-material-id={id} style={{ marginBottom: 16 }}>
        <div style={{ marginBottom: 4 }}>{label}</div>
        <Typography.Text type="secondary">
          {need === 'licence' && licence
            ? t('applications.need.licenceText', { name: licence.name, number: licence.number })
            : t('applications.need.byDepartmentText')}
        </Typography.Text>
      </div>
    );
  }
  return (
    <div data-material-id={id}>
      <Form.Item
        name={materialField(id)}
        label={label}
        required={isRequired}
        extra={notes.length ? notes.join('；') : undefined}
        rules={[
          {
            validator: (_, value: string[] | undefined) =>
              isRequired && !value?.length
                ? Promise.reject(new Error(t('applications.errors.materialMissing')))
                : Promise.resolve(),
          },
        ]}
      >
        <MaterialUpload disabled={isDisabled} onBusyChange={onBusy} />
      </Form.Item>
    </div>
  );
}
