// 一键联动: dispatch a case to several departments at once, one of them leading
// (POST /api/cases/:id/actions/dispatch with departmentId and assistDepartmentIds).
import { App, Alert, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { WorkflowActionBody, WorkflowView } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { useDepartments } from '../org/org-queries.ts';
import { COMMAND_KEY } from './command-queries.ts';

interface LinkageFields {
  departmentId: number;
  assistDepartmentIds: number[];
  note?: string;
}

export function LinkageModal({
  view,
  onClose,
}: {
  view: WorkflowView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<LinkageFields>();
  // The departments of the case's district handle it (municipal ones are in 500000).
  const departments = useDepartments({ region: view?.regionCode ?? '500000', limit: 500 }, !!view);
  const lead = Form.useWatch('departmentId', form);
  const options = (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }));
  const dispatch = useMutation({
    mutationFn: (v: LinkageFields) => {
      const body: WorkflowActionBody = {
        ...(v.note?.trim() && { note: v.note.trim() }),
        data: {
          departmentId: v.departmentId,
          assistDepartmentIds: v.assistDepartmentIds.filter((id) => id !== v.departmentId),
        },
      };
      return post<WorkflowView>(`/api/cases/${view!.subjectId}/actions/dispatch`, body);
    },
    onSuccess: async (updated, fields) => {
      void message.success(t('command.linkage.done', { count: fields.assistDepartmentIds.length }));
      client.setQueryData([COMMAND_KEY, 'case', Number(updated.subjectId)], updated);
      await client.invalidateQueries({ queryKey: [COMMAND_KEY] });
      form.resetFields();
      onClose();
    },
  });

  return (
    <Modal
      open={view !== null}
      title={t('command.linkage.title')}
      okText={t('command.linkage.submit')}
      onOk={() => form.submit()}
      confirmLoading={dispatch.isPending}
      onCancel={() => {
        dispatch.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <p>{t('command.linkage.help')}</p>
      {dispatch.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(t, dispatch.error)}
        />
      )}
      <Form<LinkageFields>
        form={form}
        layout="vertical"
        initialValues={{ departmentId: view?.departmentId ?? undefined, assistDepartmentIds: [] }}
        onFinish={(v) => dispatch.mutate(v)}
      >
        <Form.Item
          name="departmentId"
          label={t('command.linkage.lead')}
          rules={[{ required: true, message: t('command.linkage.leadRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isPending}
            options={options}
          />
        </Form.Item>
        <Form.Item
          name="assistDepartmentIds"
          label={t('command.linkage.assist')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('command.linkage.assistRequired') },
          ]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isPending}
            options={options.filter((o) => o.value !== lead)}
          />
        </Form.Item>
        <Form.Item name="note" label={t('command.linkage.note')}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      </Form>
      {departments.isError && (
        <Alert type="error" showIcon title={errorText(t, departments.error)} />
      )}
    </Modal>
  );
}
