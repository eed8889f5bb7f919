// The drawer every registry form uses: the fields as children, save through `submit`, the
// server's refusal (with the field it blames) at the top.
import { useEffect, type ReactNode } from 'react';
import { Alert, App, Button, Drawer, Form, Space, type FormInstance } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { wasteErrorText } from '../waste-error.ts';

export function RegistryDrawer<V extends object>({
  open,
  title,
  initialValues,
  submit,
  onClose,
  children,
  form: given,
}: {
  open: boolean;
  title: string;
  initialValues: Partial<V> | null;
  submit: (values: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
  form?: FormInstance<V>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues);
  }, [open, initialValues, form]);
  const save = useMutation({
    mutationFn: submit,
    onSuccess: async () => {
      void message.success(t('waste.common.saved'));
      await client.invalidateQueries({ queryKey: ['waste'] });
      onClose();
    },
  });
  const blamed = save.error instanceof ApiError ? save.error.field : undefined;
  return (
    <Drawer
      open={open}
      onClose={() => {
        save.reset();
        onClose();
      }}
      size={560}
      destroyOnHidden
      title={title}
      extra={
        <Space>
          <Button onClick={onClose}>{t('waste.common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('waste.common.save')}
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
          title={wasteErrorText(t, save.error)}
          description={blamed}
        />
      )}
      <Form<V> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {children}
      </Form>
    </Drawer>
  );
}
