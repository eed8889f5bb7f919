// The actions the caller may take on a case now (the API lists them): pick one, fill in what
// it needs (a reason, photos, departments …) and confirm. Errors show next to their field.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Select, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  CaseSubject,
  WorkflowActionBody,
  WorkflowAvailableAction,
  WorkflowView,
} from '@citygov/contracts';
import { post } from '../api/client.ts';
import { localized } from '../shell/format.ts';
import { ActionField, kindOfField } from './action-fields.tsx';
import { caseFieldError } from './case-errors.ts';

const returnReasons = ['outsideRemit', 'outsideArea', 'unclear', 'duplicate'] as const;
const cautious = new Set([
  'decline',
  'return',
  'verify_fail',
  'reject_extension',
  'reopen',
  'supervise',
]);

type Values = Record<string, unknown> & { note?: string; reasons?: string[] };

function ActionForm({
  view,
  subject,
  action,
  onDone,
  onCancel,
}: {
  view: WorkflowView;
  subject: CaseSubject;
  action: WorkflowAvailableAction;
  onDone: (next: WorkflowView) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const label = localized(action.label);
  const fields = [...action.requiredFields, ...action.optionalFields];
  const act = useMutation({
    mutationFn: (body: WorkflowActionBody) =>
      post<WorkflowView>(`/api/cases/${view.id}/actions/${action.name}`, body),
    onMutate: () => setFormError(null),
    onSuccess: async (next) => {
      void message.success(t('cases.actionForm.done', { action: label }));
      await onDone(next);
    },
    onError: (error) => {
      const { field, message: text } = caseFieldError(t, error);
      if (field && (field === 'note' || fields.includes(field))) {
        form.setFields([{ name: field, errors: [text] }]);
      } else {
        setFormError(text);
      }
    },
  });
  const submit = (values: Values) => {
    const data: Record<string, unknown> = {};
    for (const f of fields) {
      const v = values[f];
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      data[f] = v;
    }
    const reasons = (values.reasons ?? []).map((r) => t(`cases.actionForm.returnReasons.${r}`));
    const note = [reasons.join('；'), values.note?.trim()].filter(Boolean).join('：');
    act.mutate({ ...(note && { note }), ...(Object.keys(data).length && { data }) });
  };
  const noteLabel = t(`cases.actionForm.noteLabels.${action.name}`, {
    defaultValue: t('cases.actionForm.note'),
  });
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      requiredMark="optional"
      initialValues={
        action.name === 'dispatch' && view.departmentId !== null
          ? { departmentId: view.departmentId }
          : {}
      }
      data-testid="action-form"
      data-action={action.name}
    >
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {label}
      </Typography.Title>
      {action.name === 'return' && (
        <Form.Item name="reasons" label={t('cases.actionForm.returnReason')}>
          <Select
            mode="multiple"
            options={returnReasons.map((r) => ({
              value: r,
              label: t(`cases.actionForm.returnReasons.${r}`),
            }))}
          />
        </Form.Item>
      )}
      {fields.map((name) => {
        const isRequired = action.requiredFields.includes(name);
        const kind = kindOfField(name);
        return (
          <Form.Item
            key={name}
            name={name}
            label={t(`cases.actionForm.fields.${name}`, { defaultValue: name })}
            extra={t(`cases.actionForm.extras.${name}`, { defaultValue: '' }) || undefined}
            rules={
              isRequired
                ? [
                    {
                      required: true,
                      ...(kind === 'photos' && { type: 'array' as const, min: 1 }),
                      message: t(
                        kind === 'photos'
                          ? 'cases.actionForm.photoRequired'
                          : 'cases.actionForm.fieldRequired',
                        { field: t(`cases.actionForm.fields.${name}`, { defaultValue: name }) },
                      ),
                    },
                  ]
                : []
            }
          >
            <ActionField name={name} subject={subject} />
          </Form.Item>
        );
      })}
      <Form.Item
        name="note"
        label={noteLabel}
        rules={
          action.isNoteRequired && action.name !== 'return'
            ? [
                {
                  required: true,
                  whitespace: true,
                  message: t('cases.actionForm.noteRequired', { field: noteLabel }),
                },
              ]
            : action.name === 'return'
              ? [
                  ({ getFieldValue }) => ({
                    validator: (_, v?: string) =>
                      v?.trim() || (getFieldValue('reasons') as string[] | undefined)?.length
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('cases.actionForm.returnReasonRequired'))),
                  }),
                ]
              : []
        }
        required={action.isNoteRequired}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
      </Form.Item>
      {formError && (
        <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
      )}
      <Space wrap>
        <Button
          type="primary"
          htmlType="submit"
          danger={cautious.has(action.name)}
          loading={act.isPending}
        >
          {t('cases.actionForm.confirm', { action: label })}
        </Button>
        <Button onClick={onCancel} disabled={act.isPending}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}

export function CaseActions({
  view,
  subject,
  onDone,
}: {
  view: WorkflowView;
  subject: CaseSubject;
  onDone: (next: WorkflowView) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const action = view.actions.find((a) => a.name === selected);
  if (view.actions.length === 0) {
    return <Typography.Text type="secondary">{t('cases.actionForm.none')}</Typography.Text>;
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap role="group" aria-label={t('cases.actionForm.choose')}>
        {view.actions.map((a) => (
          <Button
            key={a.name}
            data-action={a.name}
            type={selected === a.name ? 'primary' : 'default'}
            aria-pressed={selected === a.name}
            danger={cautious.has(a.name)}
            onClick={() => setSelected(a.name)}
          >
            {localized(a.label)}
          </Button>
        ))}
      </Space>
      {action && (
        <ActionForm
          key={action.name}
          view={view}
          subject={subject}
          action={action}
          onCancel={() => setSelected(null)}
          onDone={async (next) => {
            setSelected(null);
            await onDone(next);
          }}
        />
      )}
    </Space>
  );
}
