// The answer to a 补正 request: every material the request listed, uploaded in one go (the
// agency's clock restarts once it is sent).
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApplicationMaterialInput, WorkflowView } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { materialField, placeApiError } from '../portal/applications/api-field-errors.ts';
import { MaterialUpload } from '../portal/applications/material-upload.tsx';

export interface MissingMaterial {
  materialId: number;
  reason?: string;
}

export function missingOf(view: WorkflowView): MissingMaterial[] {
  const missing = view.data.missing;
  return Array.isArray(missing)
    ? missing.filter(
        (m): m is MissingMaterial =>
          typeof m === 'object' &&
          m !== null &&
          typeof (m as MissingMaterial).materialId === 'number',
      )
    : [];
}

interface Values {
  note?: string;
  materials?: Record<string, string[] | undefined>;
}

export function SupplementAnswer({
  view,
  materialName,
  requestNote,
  onDone,
}: {
  view: WorkflowView;
  materialName: (materialId: number) => string;
  requestNote: string | null;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<ReadonlySet<number>>(new Set());
  const [general, setGeneral] = useState<string | null>(null);
  const missing = missingOf(view);
  const supply = useMutation({
    mutationFn: (body: { note?: string; materials: ApplicationMaterialInput[] }) =>
      post<WorkflowView>(`/api/services/applications/${view.id}/actions/supply`, {
        ...(body.note && { note: body.note }),
        data: { materials: body.materials },
      }),
    onSuccess: async () => {
      setGeneral(null);
      await onDone();
    },
    onError: (error, body) => {
      const placed = placeApiError(t, error, body.materials);
      setGeneral(placed.general);
      // The paths come from the API's answer, not from the form's own type.
      form.setFields(placed.fields as never);
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

  return (
    <Card
      title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('applications.supplement.title')}</h2>}
      style={{ borderColor: '#fa8c16' }}
      data-testid="supplement-request"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('applications.supplement.intro', { count: missing.length })}
        description={
          <>
            <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
              {missing.map((m) => (
                <li key={m.materialId}>
                  {materialName(m.materialId)}
                  {m.reason ? `（${m.reason}）` : ''}
                </li>
              ))}
            </ul>
            {requestNote && (
              <Typography.Text>
                {t('applications.supplement.note', { text: requestNote })}
              </Typography.Text>
            )}
          </>
        }
      />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setGeneral(null);
          supply.mutate({
            ...(values.note?.trim() && { note: values.note.trim() }),
            materials: missing.flatMap((m) =>
              (values.materials?.[`m${m.materialId}`] ?? []).map((sha) => ({
                materialId: m.materialId,
                fileSha256: sha,
              })),
            ),
          });
        }}
      >
        {missing.map((m) => (
          <div key={m.materialId} data-material-id={m.materialId}>
            <Form.Item
              name={materialField(m.materialId)}
              label={materialName(m.materialId)}
              required
              rules={[
                {
                  validator: (_, value: string[] | undefined) =>
                    value?.length
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('applications.errors.materialMissing'))),
                },
              ]}
            >
              <MaterialUpload
                disabled={supply.isPending}
                onBusyChange={(isBusy) => setMaterialBusy(m.materialId, isBusy)}
              />
            </Form.Item>
          </div>
        ))}
        <Form.Item name="note" label={t('applications.supplement.answerNote')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        {general && (
          <Alert type="error" showIcon role="alert" title={general} style={{ marginBottom: 12 }} />
        )}
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={supply.isPending}
          disabled={busy.size > 0}
        >
          {t('applications.supplement.submit')}
        </Button>
      </Form>
    </Card>
  );
}
