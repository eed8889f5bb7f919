// The actions the caller may take now (the API lists them), as buttons with a note field.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { WorkflowActionBody, WorkflowAvailableAction, WorkflowView } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { localized } from '../shell/format.ts';

const dangerous = new Set(['return', 'reject', 'cancel']);

export function WorkflowActions({
  basePath,
  view,
  onDone,
  fieldLabel: labelOf,
}: {
  /** e.g. /api/tasks */
  basePath: string;
  view: WorkflowView;
  onDone: () => Promise<unknown>;
  /** The name of an action's input field, when another area words its own fields. */
  fieldLabel?: (name: string) => string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: ({ action, body }: { action: WorkflowAvailableAction; body: WorkflowActionBody }) =>
      post<WorkflowView>(`${basePath}/${view.id}/actions/${action.name}`, body),
    onSuccess: async (_, { action }) => {
      setNote('');
      setFields({});
      void message.success(t('tasks.done', { action: localized(action.label) }));
      await onDone();
    },
  });

  if (view.actions.length === 0) {
    return <Typography.Text type="secondary">{t('tasks.noActions')}</Typography.Text>;
  }
  const fieldNames = [
    ...new Set(view.actions.flatMap((a) => [...a.requiredFields, ...a.optionalFields])),
  ];
  const fieldLabel = (name: string) =>
    labelOf?.(name) ?? t(`tasks.fields.${name}`, { defaultValue: name });

  const run = (action: WorkflowAvailableAction) => {
    const label = localized(action.label);
    if (action.isNoteRequired && !note.trim()) {
      setMissing(t('tasks.noteRequired', { action: label }));
      return;
    }
    const absent = action.requiredFields.find((f) => !fields[f]?.trim());
    if (absent) {
      setMissing(t('tasks.create.required', { field: fieldLabel(absent) }));
      return;
    }
    setMissing(null);
    const data: Record<string, string> = {};
    for (const f of [...action.requiredFields, ...action.optionalFields]) {
      const value = fields[f]?.trim();
      if (value) data[f] = value;
    }
    act.mutate({
      action,
      body: {
        ...(note.trim() && { note: note.trim() }),
        ...(Object.keys(data).length && { data }),
      },
    });
  };

  return (
    <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
      <Form.Item label={t('tasks.note')} htmlFor="workflow-note">
        <Input.TextArea
          id="workflow-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('tasks.notePlaceholder')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
        />
      </Form.Item>
      {fieldNames.map((name) => (
        <Form.Item key={name} label={fieldLabel(name)} htmlFor={`workflow-field-${name}`}>
          <Input.TextArea
            id={`workflow-field-${name}`}
            value={fields[name] ?? ''}
            onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
          />
        </Form.Item>
      ))}
      {(missing || act.isError) && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={missing ?? errorText(t, act.error)}
        />
      )}
      <Space wrap>
        {view.actions.map((action) => (
          <Button
            key={action.name}
            type={dangerous.has(action.name) ? 'default' : 'primary'}
            danger={dangerous.has(action.name)}
            loading={act.isPending && act.variables.action.name === action.name}
            disabled={act.isPending}
            onClick={() => run(action)}
            data-action={action.name}
          >
            {localized(action.label)}
          </Button>
        ))}
      </Space>
    </Form>
  );
}
