// The steps the caller may take on a manifest now (the server lists them): a button each; a
// step that needs a reason or the measured volume asks for it first.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ManifestDetail, WasteType, WorkflowAvailableAction } from '@citygov/contracts';
import { post } from '../../api/client.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { wasteErrorText } from '../waste-error.ts';

const wasteTypes: WasteType[] = ['muck', 'mud', 'construction', 'demolition', 'decoration'];

interface StepValues {
  note?: string;
  volumeM3?: number;
  wasteType?: WasteType;
}

export function ManifestActions({ detail }: { detail: ManifestDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [asking, setAsking] = useState<WorkflowAvailableAction | null>(null);
  const [form] = Form.useForm<StepValues>();
  const id = detail.manifest.id;
  const run = useMutation({
    mutationFn: ({ action, values }: { action: string; values: StepValues }) =>
      post<ManifestDetail>(`/api/waste/manifests/${id}/actions/${action}`, {
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
        ...(values.volumeM3 !== undefined
          ? {
              data: {
                volumeM3: values.volumeM3,
                ...(values.wasteType ? { wasteType: values.wasteType } : {}),
              },
            }
          : {}),
      }),
    onSuccess: async (next) => {
      void message.success(t('waste.manifests.done'));
      client.setQueryData(['waste', 'manifest', id], next);
      await client.invalidateQueries({ queryKey: ['waste'] });
      setAsking(null);
    },
  });
  const actions = detail.workflow.actions;
  const needsInput = (a: WorkflowAvailableAction) =>
    a.isNoteRequired || a.requiredFields.length > 0;
  const label = (a: WorkflowAvailableAction) =>
    currentLanguage() === 'en' ? a.label.en : a.label.zh;

  if (actions.length === 0) {
    return <Typography.Text type="secondary">{t('waste.manifests.noActions')}</Typography.Text>;
  }
  return (
    <>
      {run.isError && !asking && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={wasteErrorText(t, run.error)}
        />
      )}
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a.name}
            type={a.name.startsWith('reject') || a.name === 'cancel' ? 'default' : 'primary'}
            danger={a.name.startsWith('reject') || a.name === 'cancel'}
            loading={run.isPending && run.variables?.action === a.name}
            onClick={() => {
              if (needsInput(a)) {
                form.resetFields();
                form.setFieldsValue({
                  volumeM3: detail.manifest.declaredVolumeM3,
                  wasteType: detail.manifest.wasteType,
                });
                run.reset();
                setAsking(a);
              } else {
                run.mutate({ action: a.name, values: {} });
              }
            }}
          >
            {label(a)}
          </Button>
        ))}
      </Space>
      <Modal
        open={asking !== null}
        title={asking ? label(asking) : ''}
        okText={asking ? label(asking) : ''}
        confirmLoading={run.isPending}
        onCancel={() => setAsking(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {run.isError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 12 }}
            title={wasteErrorText(t, run.error)}
          />
        )}
        <Form<StepValues>
          form={form}
          layout="vertical"
          onFinish={(values) => asking && run.mutate({ action: asking.name, values })}
        >
          {asking?.requiredFields.includes('volumeM3') && (
            <Space wrap>
              <Form.Item
                name="volumeM3"
                label={t('waste.manifests.volume')}
                rules={[{ required: true, type: 'number', min: 0.1, max: 100 }]}
              >
                <InputNumber min={0.1} max={100} step={0.1} addonAfter="m³" />
              </Form.Item>
              <Form.Item name="wasteType" label={t('waste.manifests.receivedType')}>
                <Select
                  style={{ width: 160 }}
                  options={wasteTypes.map((w) => ({ value: w, label: t(`waste.wasteType.${w}`) }))}
                />
              </Form.Item>
            </Space>
          )}
          <Form.Item
            name="note"
            label={t('waste.manifests.note')}
            rules={
              asking?.isNoteRequired
                ? [{ required: true, whitespace: true, message: t('waste.manifests.noteRequired') }]
                : []
            }
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
