// The input of a case action, one widget per field the API names: photos, departments for a
// dispatch (lead and 一键联动 assistants), working days of an extension, the call back's
// satisfaction, the open case a duplicate merges into.
import { InputNumber, Radio, Select, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseSubject } from '@citygov/contracts';
import { CITY_CODE, useDepartments } from '../org/org-queries.ts';
import { useNearbyCases } from './case-queries.ts';
import { PhotoUploader } from './photo-uploader.tsx';

export const satisfactions = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

export type FieldKind =
  'photos' | 'department' | 'departments' | 'workdays' | 'satisfaction' | 'case' | 'text';

export function kindOfField(name: string): FieldKind {
  if (name === 'photos' || name.endsWith('Photos')) return 'photos';
  if (name === 'departmentId') return 'department';
  if (name === 'assistDepartmentIds') return 'departments';
  if (name === 'extensionWorkdays') return 'workdays';
  if (name === 'satisfaction') return 'satisfaction';
  if (name === 'duplicateOf') return 'case';
  return 'text';
}

/** A district case goes to that district's bodies or a municipal one. */
function useDepartmentOptions(regionCode: string) {
  const { t } = useTranslation();
  const district = useDepartments({ region: regionCode, limit: 500 });
  const city = useDepartments({ region: CITY_CODE, limit: 500 }, regionCode !== CITY_CODE);
  const options = [
    {
      label: t('cases.actionForm.districtDepartments'),
      options: (district.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
    },
    ...(regionCode === CITY_CODE
      ? []
      : [
          {
            label: t('cases.actionForm.cityDepartments'),
            options: (city.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
          },
        ]),
  ];
  return { options, isLoading: district.isPending, isError: district.isError || city.isError };
}

interface WidgetProps<T> {
  id?: string | undefined;
  value?: T | undefined;
  onChange?: ((value: T) => void) | undefined;
}

export function DepartmentPicker(
  props: WidgetProps<number | number[]> & { regionCode: string; isMultiple?: boolean },
) {
  const { regionCode, isMultiple = false, ...rest } = props;
  const { options, isLoading, isError } = useDepartmentOptions(regionCode);
  return (
    <Select
      {...rest}
      mode={isMultiple ? 'multiple' : undefined}
      options={options}
      loading={isLoading}
      status={isError ? 'error' : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={isMultiple}
      style={{ width: '100%' }}
    />
  );
}

/** Open cases of the same class near this one, to merge a duplicate into. */
function DuplicatePicker(props: {
  id?: string | undefined;
  value?: number | undefined;
  onChange?: ((value: unknown) => void) | undefined;
  subject: CaseSubject;
}) {
  const { t } = useTranslation();
  const { subject, ...rest } = props;
  const nearby = useNearbyCases({ lat: subject.lat, lon: subject.lon }, subject.categoryCode);
  const options = (nearby.data?.items ?? [])
    .filter((c) => c.id !== subject.id)
    .map((c) => ({
      value: c.id,
      label: t('cases.actionForm.duplicateOption', {
        number: c.caseNumber,
        distance: Math.round(c.distanceM),
      }),
    }));
  return options.length > 0 ? (
    <Select {...rest} options={options} loading={nearby.isPending} style={{ width: '100%' }} />
  ) : (
    <InputNumber
      {...rest}
      min={1}
      precision={0}
      style={{ width: 200 }}
      placeholder={t('cases.actionForm.caseIdHint')}
    />
  );
}

export function ActionField({
  name,
  subject,
  id,
  value,
  onChange,
}: {
  name: string;
  subject: CaseSubject;
  /** Given by the enclosing Form.Item. */
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const base = { id, onChange };
  switch (kindOfField(name)) {
    case 'photos':
      return (
        <PhotoUploader
          {...base}
          value={value as string[] | undefined}
          testId={`action-photos-${name}`}
        />
      );
    case 'department':
      return (
        <DepartmentPicker
          {...base}
          value={value as number | undefined}
          regionCode={subject.regionCode}
        />
      );
    case 'departments':
      return (
        <DepartmentPicker
          {...base}
          value={value as number[] | undefined}
          regionCode={subject.regionCode}
          isMultiple
        />
      );
    case 'workdays':
      return (
        <InputNumber
          {...base}
          value={value as number | undefined}
          min={1}
          max={30}
          precision={0}
          style={{ width: 160 }}
        />
      );
    case 'satisfaction':
      return (
        <Radio.Group
          {...base}
          value={value}
          options={satisfactions.map((s) => ({ value: s, label: t(`cases.satisfaction.${s}`) }))}
        />
      );
    case 'case':
      return <DuplicatePicker {...base} value={value as number | undefined} subject={subject} />;
    case 'text':
      return <Input {...base} value={value as string | undefined} maxLength={2000} />;
  }
}
