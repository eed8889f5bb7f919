// A new staff account with one or more roles, each scoped to a region and optionally a department.
import { Alert, Button, Card, Drawer, Form, Input, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CreateStaffBody, UserView } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { DepartmentSelect, RegionSelect } from '../org/org-fields.tsx';
import { RoleScopeFields } from './role-fields.tsx';

export function UserCreateDrawer(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: UserView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateStaffBody>();
  const regionCode = Form.useWatch('regionCode', form);
  const create = useMutation({
    mutationFn: (body: CreateStaffBody) => post<UserView>('/api/admin/users', body),
    onSuccess: (user) => {
      form.resetFields();
      props.onCreated(user);
    },
  });
  const required = (field: string) => [
    { required: true, message: t('tasks.create.required', { field }) },
  ];
  const submit = (v: CreateStaffBody) =>
    create.mutate({
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      password: v.password,
      regionCode: v.regionCode,
      departmentId: v.departmentId ?? null,
      roles: v.roles.map((r) => ({
        role: r.role,
        regionCode: r.regionCode,
        departmentId: r.departmentId ?? null,
      })),
    });

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={t('admin.users.create')}
      size={480}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => form.submit()} loading={create.isPending}>
          {t('common.save')}
        </Button>
      }
    >
      <Form<CreateStaffBody>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ roles: [{}] }}
      >
        <Form.Item
          label={t('admin.users.username')}
          name="username"
          rules={[
            ...required(t('admin.users.username')),
            { pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: t('admin.users.usernameRule') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('admin.users.displayName')}
          name="displayName"
          rules={required(t('admin.users.displayName'))}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          label={t('admin.users.password')}
          name="password"
          extra={t('admin.users.passwordHelp')}
          rules={[
            ...required(t('admin.users.password')),
            { min: 8, message: t('admin.users.passwordHelp') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('admin.users.region')}
          name="regionCode"
          rules={required(t('admin.users.region'))}
        >
          <RegionSelect onChange={() => form.setFieldValue('departmentId', null)} />
        </Form.Item>
        <Form.Item label={t('admin.users.homeDepartment')} name="departmentId">
          <DepartmentSelect regionCode={regionCode} allowClear />
        </Form.Item>
        <Form.List name="roles">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('admin.users.role')}
                  extra={
                    fields.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('admin.users.removeRole')}
                        onClick={() => remove(field.name)}
                      />
                    )
                  }
                >
                  <RoleScopeFields prefix={['roles', field.name]} />
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
                {t('admin.users.addRole')}
              </Button>
            </Space>
          )}
        </Form.List>
        {create.isError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginTop: 16 }}
            title={errorText(t, create.error)}
          />
        )}
      </Form>
    </Drawer>
  );
}
