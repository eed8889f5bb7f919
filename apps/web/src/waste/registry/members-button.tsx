// The accounts acting for a site, a company or a disposal site: listed, added by username (the
// account must hold the matching role), removed.
import { useState } from 'react';
import { Alert, App, Button, Input, List, Modal, Space } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { WastePartyKind, WastePartyMemberList } from '@citygov/contracts';
import { del, get, post } from '../../api/client.ts';
import { wasteErrorText } from '../waste-error.ts';

export function MembersButton({ kind, id }: { kind: WastePartyKind; id: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const path = `/api/waste/parties/${kind}/${id}/members`;
  const members = useQuery({
    queryKey: ['waste', 'members', kind, id],
    queryFn: () => get<WastePartyMemberList>(path),
    enabled: open,
  });
  const change = useMutation({
    mutationFn: ({ name, isAdd }: { name: string; isAdd: boolean }) =>
      isAdd
        ? post<WastePartyMemberList>(path, { username: name })
        : del<WastePartyMemberList>(`${path}/${encodeURIComponent(name)}`),
    onSuccess: (next, { name, isAdd }) => {
      client.setQueryData(['waste', 'members', kind, id], next);
      if (isAdd) void message.success(t('waste.registry.memberAdded', { username: name }));
      setUsername('');
    },
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('waste.registry.members')}
      </Button>
      <Modal
        open={open}
        title={t('waste.registry.members')}
        footer={null}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {change.isError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={wasteErrorText(t, change.error)}
            style={{ marginBottom: 12 }}
          />
        )}
        <List
          loading={members.isPending}
          dataSource={members.data?.items ?? []}
          renderItem={(m) => (
            <List.Item
              actions={[
                <Button
                  key="remove"
                  size="small"
                  danger
                  onClick={() => change.mutate({ name: m.username, isAdd: false })}
                >
                  {t('waste.common.cancel')}
                </Button>,
              ]}
            >
              {m.username} · {m.displayName}
            </List.Item>
          )}
        />
        <Space.Compact style={{ marginTop: 12 }}>
          <Input
            value={username}
            placeholder={t('waste.registry.memberUsername')}
            onChange={(e) => setUsername(e.target.value)}
            aria-label={t('waste.registry.memberUsername')}
          />
          <Button
            type="primary"
            disabled={!username.trim()}
            loading={change.isPending}
            onClick={() => change.mutate({ name: username.trim(), isAdd: true })}
          >
            {t('waste.registry.addMember')}
          </Button>
        </Space.Compact>
      </Modal>
    </>
  );
}
