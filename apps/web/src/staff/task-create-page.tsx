// /staff/tasks/new: a leader or supervisor assigns a 交办任务 to a department.
import { Alert, App, Button, Card, Form, Input, InputNumber, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CreateTaskBody, WorkflowView } from '@citygov/contracts';
import { ApiError, post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { DepartmentSelect, RegionSelect } from '../org/org-fields.tsx';

export function TaskCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<CreateTaskBody>();
  const regionCode = Form.useWatch('regionCode', form);
  const create = useMutation({
    mutationFn: (body: CreateTaskBody) => post<WorkflowView>('/api/tasks', body),
    onSuccess: async (view, body) => {
      void message.success(t('tasks.create.created', { title: body.title }));
      await client.invalidateQueries({ queryKey: ['tasks'] });
      void navigate(`/staff/tasks/${view.id}`);
    },
    onError: (error) => {
      // Put the server's complaint next to the field it names.
      if (error instanceof ApiError && error.field) {
        const name = error.field.replace(/^\//, '') as keyof CreateTaskBody;
        if (['title', 'description', 'regionCode', 'departmentId', 'limitWorkdays'].includes(name))
          form.setFields([{ name, errors: [errorText(t, error)] }]);
      }
    },
  });
  const required = (field: string) => [
    { required: true, message: t('tasks.create.required', { field }) },
  ];

  return (
    <div style={{ maxWidth: 720, margin: '0 auto', padding: 16 }}>
      <Link to="/staff">{t('tasks.backToList')}</Link>
      <Card
        style={{ marginTop: 12 }}
        title={<h1 style={{ margin: 0, fontSize: 20 }}>{t('tasks.create.title')}</h1>}
      >
        <Form<CreateTaskBody>
          form={form}
          layout="vertical"
          initialValues={{ limitWorkdays: 5, description: '' }}
          onFinish={(values) =>
            create.mutate({
              title: values.title.trim(),
              description: values.description?.trim() ?? '',
              regionCode: values.regionCode,
              departmentId: values.departmentId,
              limitWorkdays: values.limitWorkdays,
            })
          }
        >
          <Form.Item
            label={t('tasks.create.taskTitle')}
            name="title"
            rules={[...required(t('tasks.create.taskTitle')), { whitespace: true }]}
          >
            <Input maxLength={200} autoFocus />
          </Form.Item>
          <Form.Item label={t('tasks.create.description')} name="description">
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
          </Form.Item>
          <Form.Item
            label={t('tasks.create.district')}
            name="regionCode"
            rules={required(t('tasks.create.district'))}
          >
            <RegionSelect onChange={() => form.setFieldValue('departmentId', undefined)} />
          </Form.Item>
          <Form.Item
            label={t('tasks.create.department')}
            name="departmentId"
            rules={required(t('tasks.create.department'))}
          >
            <DepartmentSelect
              regionCode={regionCode}
              placeholder={t('tasks.create.departmentPlaceholder')}
            />
          </Form.Item>
          <Form.Item
            label={t('tasks.create.limitWorkdays')}
            name="limitWorkdays"
            rules={required(t('tasks.create.limitWorkdays'))}
          >
            <InputNumber min={1} max={250} precision={0} />
          </Form.Item>
          {create.isError && (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 16 }}
              title={errorText(t, create.error)}
            />
          )}
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('tasks.create.submit')}
            </Button>
            <Link to="/staff">
              <Button>{t('common.cancel')}</Button>
            </Link>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
