// The reporter rates the result once the case is closed (their 回访 in the app).
import { Alert, App, Button, Card, Form, Input, Radio } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { WorkflowView } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { satisfactions } from './action-fields.tsx';
import { caseFieldError } from './case-errors.ts';

interface Values {
  satisfaction?: (typeof satisfactions)[number];
  note?: string;
}

export function RatingCard({
  caseId,
  onDone,
}: {
  caseId: string | number;
  onDone: (next: WorkflowView) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rate = useMutation({
    mutationFn: (v: Values) =>
      post<WorkflowView>(`/api/cases/${caseId}/actions/callback`, {
        ...(v.note?.trim() && { note: v.note.trim() }),
        data: { satisfaction: v.satisfaction },
      }),
    onSuccess: async (next) => {
      void message.success(t('cases.rating.thanks'));
      await onDone(next);
    },
  });
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('cases.rating.title')}</h2>}>
      <Form<Values> layout="vertical" onFinish={(v) => rate.mutate(v)}>
        <Form.Item
          name="satisfaction"
          label={t('cases.rating.question')}
          rules={[{ required: true, message: t('cases.rating.required') }]}
        >
          <Radio.Group
            options={satisfactions.map((s) => ({ value: s, label: t(`cases.satisfaction.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('cases.rating.comment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        {rate.isError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={caseFieldError(t, rate.error).message}
            style={{ marginBottom: 12 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={rate.isPending}>
          {t('cases.rating.submit')}
        </Button>
      </Form>
    </Card>
  );
}
