// Grants one more role (with its scope) to an existing staff account.
import { Alert, Form, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RoleGrantBody, UserView } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { RoleScopeFields } from './role-fields.tsx';

export function GrantRoleModal(props: {
  user: UserView | null;
  onClose: () => void;
  onGranted: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoleGrantBody>();
  const grant = useMutation({
    mutationFn: (body: RoleGrantBody) =>
      post<UserView>(`/api/admin/users/${props.user?.id}/roles`, body),
    onSuccess: () => {
      form.resetFields();
      props.onGranted();
    },
  });
  return (
    <Modal
      open={props.user !== null}
      title={`${t('admin.users.addRole')} · ${props.user?.username ?? ''}`}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={grant.isPending}
      destroyOnHidden
    >
      <Form<RoleGrantBody>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          grant.mutate({
            role: v.role,
            regionCode: v.regionCode,
            departmentId: v.departmentId ?? null,
          })
        }
      >
        <RoleScopeFields prefix={[]} />
        {grant.isError && (
          <Alert type="error" showIcon role="alert" title={errorText(t, grant.error)} />
        )}
      </Form>
    </Modal>
  );
}
