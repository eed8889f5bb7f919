// The actions the caller may take on an application now (the API lists them), each with what
// it needs: reasons for a refusal, the full list of missing materials for a 补正 (一次性告知),
// the review opinion, the licence's end date, the delivery method. Errors stay by their field.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ServiceItem, WorkflowAvailableAction, WorkflowView } from '@citygov/contracts';
import { ApiError, post } from '../../api/client.ts';
import { errorText } from '../../shell/error-text.ts';
import { localized } from '../../shell/format.ts';

const dangerous = new Set(['not_accept', 'deny']);
// The applicant's own steps; the clerk answers a 补正 in its own card.
const notHere = new Set(['supply', 'withdraw', 'submit']);
type Field = 'note' | 'missing' | 'opinion' | 'validUntil' | 'method' | 'kind' | 'days' | 'outcome';

/** Which of our fields an API error names. */
function fieldOfError(error: unknown): Field | null {
  if (!(error instanceof ApiError)) return null;
  const f = (error.field ?? '').replace(/^\//, '').replace(/^data[./]/, '');
  if (f.startsWith('missing')) return 'missing';
  const known: Field[] = ['note', 'opinion', 'validUntil', 'method', 'kind', 'days', 'outcome'];
  return known.find((k) => f === k) ?? null;
}

export function ApplicationActionPanel({
  view,
  item,
  onDone,
}: {
  view: WorkflowView;
  item: ServiceItem | undefined;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<Record<number, string | undefined>>({});
  const [opinion, setOpinion] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [chosenMethod, setMethod] = useState<string | undefined>(undefined);
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [days, setDays] = useState<number | null>(null);
  const [outcome, setOutcome] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const actions = view.actions.filter((a) => !notHere.has(a.name));
  const methods = item?.deliveryMethods ?? ['window', 'post', 'electronic'];
  // The item's first delivery method until the user picks another.
  const method = chosenMethod ?? methods[0];
  const has = (name: string) => actions.some((a) => a.name === name);

  const act = useMutation({
    mutationFn: ({ action, body }: { action: WorkflowAvailableAction; body: object }) =>
      post<WorkflowView>(`/api/services/applications/${view.id}/actions/${action.name}`, body),
    onSuccess: async (_, { action }) => {
      setNote('');
      setMissing({});
      setOpinion('');
      setOutcome('');
      setErrors({});
      setGeneral(null);
      void message.success(t('applications.staff.done', { action: localized(action.label) }));
      await onDone();
    },
    onError: (error) => {
      const field = fieldOfError(error);
      const text = errorText(t, error);
      if (field) setErrors({ [field]: text });
      else setGeneral(text);
    },
  });

  if (actions.length === 0) {
    return <Typography.Text type="secondary">{t('applications.staff.noActions')}</Typography.Text>;
  }

  const run = (action: WorkflowAvailableAction) => {
    const problems: Partial<Record<Field, string>> = {};
    const data: Record<string, unknown> = {};
    if (action.isNoteRequired && !note.trim()) {
      problems.note = t('applications.staff.reasonRequired', { action: localized(action.label) });
    }
    if (action.name === 'request_supplement') {
      const list = Object.entries(missing).map(([id, reason]) => ({
        materialId: Number(id),
        ...(reason?.trim() && { reason: reason.trim() }),
      }));
      if (list.length === 0) problems.missing = t('applications.staff.missingRequired');
      data.missing = list;
    }
    if (action.name === 'review' && opinion.trim()) data.opinion = opinion.trim();
    if (action.name === 'approve' && validUntil) data.validUntil = validUntil;
    if (action.name === 'deliver' && method) data.method = method;
    if (action.name === 'start_special_step') {
      if (!kind) problems.kind = t('applications.staff.kindRequired');
      data.kind = kind;
      if (days !== null) data.days = days;
    }
    if (action.name === 'finish_special_step' && outcome.trim()) data.outcome = outcome.trim();
    setErrors(problems);
    setGeneral(null);
    if (Object.keys(problems).length) return;
    act.mutate({
      action,
      body: {
        ...(note.trim() && { note: note.trim() }),
        ...(Object.keys(data).length && { data }),
      },
    });
  };
  const status = (f: Field) =>
    errors[f] ? { validateStatus: 'error' as const, help: errors[f] } : {};

  return (
    <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
      {has('request_supplement') && (
        <Form.Item
          label={t('applications.staff.missingLabel')}
          extra={t('applications.staff.missingHelp')}
          {...status('missing')}
        >
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="missing-materials">
            {(item?.materials ?? []).map((m, i) => {
              const id = i + 1;
              const isChecked = id in missing;
              return (
                <div key={id}>
                  <Checkbox
                    checked={isChecked}
                    onChange={(e) => {
                      const next = { ...missing };
                      if (e.target.checked) next[id] = '';
                      else delete next[id];
                      setMissing(next);
                    }}
                  >
                    {m.name}
                  </Checkbox>
                  {isChecked && (
                    <Input
                      size="small"
                      style={{ marginTop: 4 }}
                      aria-label={t('applications.staff.missingReason', { name: m.name })}
                      placeholder={t('applications.staff.missingReasonPlaceholder')}
                      value={missing[id] ?? ''}
                      maxLength={500}
                      onChange={(e) => setMissing({ ...missing, [id]: e.target.value })}
                    />
                  )}
                </div>
              );
            })}
          </Space>
        </Form.Item>
      )}
      {has('review') && (
        <Form.Item
          label={t('applications.staff.opinion')}
          htmlFor="application-opinion"
          {...status('opinion')}
        >
          <Input.TextArea
            id="application-opinion"
            value={opinion}
            onChange={(e) => setOpinion(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
          />
        </Form.Item>
      )}
      {has('approve') && item?.isLicensing && (
        <Form.Item
          label={t('applications.staff.validUntil')}
          htmlFor="application-valid-until"
          extra={t('applications.staff.validUntilHelp')}
          {...status('validUntil')}
        >
          <Input
            id="application-valid-until"
            type="date"
            value={validUntil}
            onChange={(e) => setValidUntil(e.target.value)}
            style={{ maxWidth: 220 }}
          />
        </Form.Item>
      )}
      {has('deliver') && (
        <Form.Item label={t('applications.staff.method')} {...status('method')}>
          <Radio.Group
            aria-label={t('applications.staff.method')}
            value={method}
            onChange={(e) => setMethod(e.target.value as string)}
            options={methods.map((m) => ({
              value: m,
              label: t(`applications.delivery.${m}`),
            }))}
          />
        </Form.Item>
      )}
      {has('start_special_step') && (
        <Space wrap align="start">
          <Form.Item
            label={t('applications.staff.kind')}
            htmlFor="application-kind"
            {...status('kind')}
          >
            <Select
              id="application-kind"
              style={{ minWidth: 220 }}
              value={kind}
              onChange={setKind}
              options={(item?.specialSteps ?? []).map((s) => ({ value: s.kind, label: s.name }))}
            />
          </Form.Item>
          <Form.Item
            label={t('applications.staff.days')}
            htmlFor="application-days"
            {...status('days')}
          >
            <InputNumber id="application-days" min={1} max={365} value={days} onChange={setDays} />
          </Form.Item>
        </Space>
      )}
      {has('finish_special_step') && (
        <Form.Item
          label={t('applications.staff.outcome')}
          htmlFor="application-outcome"
          {...status('outcome')}
        >
          <Input.TextArea
            id="application-outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
          />
        </Form.Item>
      )}
      <Form.Item
        label={t('applications.staff.note')}
        htmlFor="application-note"
        extra={t('applications.staff.noteHelp')}
        {...status('note')}
      >
        <Input.TextArea
          id="application-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
        />
      </Form.Item>
      {general && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={general} />
      )}
      <Space wrap>
        {actions.map((action) => (
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
