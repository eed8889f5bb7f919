// The report form (citizens in the app, 12319 call takers for a caller): a category, a pin,
// a description and photos; open reports of the same kind nearby are offered first, and a
// 409 from the server (one appeared meanwhile) offers them again with "file anyway".
import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Space, Switch } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  CaseIntakeResult,
  CategoryView,
  CreateCaseBody,
  NearbyCase,
} from '@citygov/contracts';
import { ApiError, post } from '../api/client.ts';
import type { LatLon } from '../map/map-context.ts';
import { caseFieldError } from './case-errors.ts';
import { useNearbyCases } from './case-queries.ts';
import { CategoryPicker } from './category-picker.tsx';
import { LocationPicker } from './location-picker.tsx';
import { NearbyCases } from './nearby-cases.tsx';
import { PhotoUploader } from './photo-uploader.tsx';

interface Values {
  categoryCode?: string;
  location?: LatLon | null;
  address?: string;
  description?: string;
  photos?: string[];
  isAnonymous?: boolean;
  callerPhone?: string;
  callerName?: string;
  wantsCallback?: boolean;
}

/** Form field names for the API's (caller.phone → callerPhone). */
const formFieldOf: Record<string, keyof Values> = {
  categoryCode: 'categoryCode',
  location: 'location',
  address: 'address',
  description: 'description',
  photos: 'photos',
  isAnonymous: 'isAnonymous',
  'caller.phone': 'callerPhone',
  phone: 'callerPhone',
  'caller.name': 'callerName',
};

type Submit = { joinCaseId?: number; forceNew?: boolean };

export function ReportForm({
  mode,
  initialCallerPhone,
  onFiled,
}: {
  mode: 'citizen' | 'hotline';
  initialCallerPhone?: string;
  onFiled: (result: CaseIntakeResult) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [category, setCategory] = useState<CategoryView | undefined>();
  const location = Form.useWatch('location', form) ?? null;
  const nearby = useNearbyCases(location, category?.code);
  const [conflict, setConflict] = useState<NearbyCase[] | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [locationError, setLocationError] = useState<string | undefined>();
  const isHotline = mode === 'hotline';

  const bodyOf = (v: Values, extra: Submit): CreateCaseBody => ({
    categoryCode: v.categoryCode!,
    location: v.location!,
    description: v.description!.trim(),
    ...(v.address?.trim() && { address: v.address.trim() }),
    ...(v.photos?.length && { photos: v.photos }),
    ...(v.isAnonymous && category?.isAnonymousAllowed && { isAnonymous: true }),
    ...(isHotline && {
      caller: {
        phone: v.callerPhone!.trim(),
        ...(v.callerName?.trim() && { name: v.callerName.trim() }),
        wantsCallback: v.wantsCallback !== false && !v.isAnonymous,
      },
    }),
    ...extra,
  });

  const file = useMutation({
    mutationFn: ({ values, extra }: { values: Values; extra: Submit }) =>
      post<CaseIntakeResult>('/api/cases', bodyOf(values, extra)),
    onMutate: () => {
      setFormError(null);
      setLocationError(undefined);
    },
    onSuccess: (result) => {
      setConflict(null);
      onFiled(result);
    },
    onError: (error) => {
      if (
        error instanceof ApiError &&
        error.status === 409 &&
        error.details?.reason === 'possible_duplicate'
      ) {
        setConflict((error.details.candidates as NearbyCase[] | undefined) ?? []);
        return;
      }
      const { field, message } = caseFieldError(t, error);
      const name = field ? formFieldOf[field] : undefined;
      if (name === 'location') setLocationError(message);
      else if (name) form.setFields([{ name, errors: [message] }]);
      else setFormError(message);
    },
  });

  const submit = (extra: Submit) =>
    form
      .validateFields()
      .then((values) => file.mutate({ values, extra }))
      .catch(() => undefined);
  const join = (c: NearbyCase) => void submit({ joinCaseId: c.id });
  const joiningId = file.isPending ? (file.variables.extra.joinCaseId ?? null) : null;
  const offered = conflict ?? nearby.data?.items ?? [];

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark="optional"
      initialValues={{ wantsCallback: true, callerPhone: initialCallerPhone, location: null }}
      onFinish={() => void submit({})}
      onValuesChange={(changed: Values) => {
        // A new place or class may have other open reports nearby.
        if ('location' in changed || 'categoryCode' in changed) {
          setConflict(null);
          setLocationError(undefined);
        }
      }}
      scrollToFirstError
    >
      {isHotline && (
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item
            name="callerPhone"
            label={t('cases.report.callerPhone')}
            rules={[
              { required: true, whitespace: true, message: t('cases.report.callerPhoneRequired') },
            ]}
          >
            <Input inputMode="tel" autoComplete="off" maxLength={20} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="callerName" label={t('cases.report.callerName')}>
            <Input maxLength={40} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="wantsCallback"
            valuePropName="checked"
            label={t('cases.report.callback')}
          >
            <Checkbox>{t('cases.report.wantsCallback')}</Checkbox>
          </Form.Item>
        </Space>
      )}
      <Form.Item
        name="categoryCode"
        label={t('cases.report.category')}
        rules={[{ required: true, message: t('cases.report.categoryRequired') }]}
      >
        <CategoryPicker
          onChange={(_, c) => {
            setCategory(c);
            setConflict(null);
            if (!c?.isAnonymousAllowed) form.setFieldValue('isAnonymous', false);
          }}
        />
      </Form.Item>
      <Form.Item
        name="location"
        label={t('cases.report.location')}
        required
        rules={[
          {
            validator: (_, v: LatLon | null) =>
              v ? Promise.resolve() : Promise.reject(new Error(t('cases.report.locationRequired'))),
          },
        ]}
      >
        <LocationPicker serverError={locationError} />
      </Form.Item>
      {offered.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <NearbyCases
            items={offered}
            radiusM={nearby.data?.radiusM ?? 50}
            onJoin={join}
            joiningId={joiningId}
            isConflict={conflict !== null}
          />
        </div>
      )}
      <Form.Item name="address" label={t('cases.report.address')}>
        <Input maxLength={200} placeholder={t('cases.report.addressHint')} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('cases.report.description')}
        rules={[
          { required: true, whitespace: true, message: t('cases.report.descriptionRequired') },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={4000}
          showCount
          placeholder={t('cases.report.descriptionHint')}
        />
      </Form.Item>
      {!isHotline && (
        <Form.Item name="photos" label={t('cases.report.photos')}>
          <PhotoUploader testId="report-photos" />
        </Form.Item>
      )}
      {category?.isAnonymousAllowed && (
        <Form.Item
          name="isAnonymous"
          valuePropName="checked"
          label={t('cases.report.anonymous')}
          extra={t('cases.report.anonymousHint')}
        >
          <Switch />
        </Form.Item>
      )}
      {formError && (
        <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
      )}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={file.isPending && !joiningId}>
          {t(isHotline ? 'cases.report.submitForCaller' : 'cases.report.submit')}
        </Button>
        {conflict !== null && (
          <Button onClick={() => void submit({ forceNew: true })} disabled={file.isPending}>
            {t('cases.report.fileAnyway')}
          </Button>
        )}
      </Space>
    </Form>
  );
}
