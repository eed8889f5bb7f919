// A role with its scope (region, optionally one department): used when creating and granting.
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect, RegionSelect } from '../org/org-fields.tsx';

/** The staff roles the server knows (apps/server/src/platform/auth/permissions.ts). */
export const STAFF_ROLES = [
  'admin',
  'clerk',
  'reviewer',
  'approver',
  'dispatcher',
  'handler',
  'inspector',
  'calltaker',
  'grid_worker',
  'supervisor',
  'leader',
] as const;

export function RoleSelect(props: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      {...props}
      options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      showSearch={{ optionFilterProp: 'label' }}
    />
  );
}

/** Role, region and department fields under `prefix` (a Form.List row or the form root). */
export function RoleScopeFields({ prefix }: { prefix: (string | number)[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const regionCode = Form.useWatch([...prefix, 'regionCode'], form) as string | undefined;
  return (
    <>
      <Form.Item
        label={t('admin.users.role')}
        name={[...prefix, 'role']}
        rules={[
          { required: true, message: t('tasks.create.required', { field: t('admin.users.role') }) },
        ]}
      >
        <RoleSelect />
      </Form.Item>
      <Form.Item
        label={t('admin.users.roleRegion')}
        name={[...prefix, 'regionCode']}
        rules={[
          {
            required: true,
            message: t('tasks.create.required', { field: t('admin.users.roleRegion') }),
          },
        ]}
      >
        <RegionSelect onChange={() => form.setFieldValue([...prefix, 'departmentId'], null)} />
      </Form.Item>
      <Form.Item label={t('admin.users.roleDepartment')} name={[...prefix, 'departmentId']}>
        <DepartmentSelect
          regionCode={regionCode}
          allowClear
          placeholder={t('admin.users.anyDepartment')}
        />
      </Form.Item>
    </>
  );
}
