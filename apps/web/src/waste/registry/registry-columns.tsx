// What every registry table shares: the status column, the officer's edit column (with the
// accounts acting for the organisation where it has any), and the status field of its form.
import { Button, Form, Select, Space, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import type { WastePartyKind } from '@citygov/contracts';
import { useTranslation } from 'react-i18next';
import { MembersButton } from './members-button.tsx';

interface RegistryRow {
  id: number;
  status: string;
}

/** The status column, then (for who may manage) the edit column. */
export function statusAndEditColumns<T extends RegistryRow>(
  t: TFunction,
  canManage: boolean,
  onEdit: (row: T) => void,
  members?: WastePartyKind,
): ColumnType<T>[] {
  const status: ColumnType<T> = {
    title: t('waste.common.status'),
    key: 'status',
    render: (row: T) => <Tag>{t(`waste.status.${row.status}`)}</Tag>,
  };
  if (!canManage) return [status];
  const editButton = (row: T) => (
    <Button size="small" onClick={() => onEdit(row)}>
      {t('waste.common.edit')}
    </Button>
  );
  return [
    status,
    {
      title: t('waste.common.actions'),
      key: 'edit',
      render: (row: T) =>
        members ? (
          <Space>
            {editButton(row)}
            <MembersButton kind={members} id={row.id} />
          </Space>
        ) : (
          editButton(row)
        ),
    },
  ];
}

/** The form's status field, offering the statuses this kind of record can have. */
export function StatusField({ statuses }: { statuses: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Form.Item name="status" label={t('waste.common.status')}>
      <Select
        style={{ width: 120 }}
        options={statuses.map((s) => ({ value: s, label: t(`waste.status.${s}`) }))}
      />
    </Form.Item>
  );
}
