// Names for codes and ids, and the pickers used in forms.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CITY_CODE,
  useDepartment,
  useDepartments,
  useDistricts,
  useDivision,
} from './org-queries.ts';

/** A division's name (the code while it loads or when unknown). */
export function RegionName({ code }: { code: string }) {
  const division = useDivision(code);
  return <span title={code}>{division.data?.name ?? code}</span>;
}

export function DepartmentName({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const department = useDepartment(id);
  if (id === null) return <>{t('common.none')}</>;
  return <span>{department.data?.name ?? `#${id}`}</span>;
}

interface PickerProps<T> {
  id?: string;
  value?: T;
  onChange?: (value: T) => void;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  'aria-label'?: string;
}

/** The city itself and its districts and counties. */
export function RegionSelect(props: PickerProps<string> & { isCityIncluded?: boolean }) {
  const districts = useDistricts();
  const city = useDivision(CITY_CODE);
  const { isCityIncluded = true, ...rest } = props;
  const options = [
    ...(isCityIncluded ? [{ value: CITY_CODE, label: city.data?.name ?? CITY_CODE }] : []),
    ...(districts.data?.items ?? []).map((d) => ({ value: d.code, label: d.name })),
  ];
  return (
    <Select
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      loading={districts.isPending}
      options={options}
      status={districts.isError ? 'error' : undefined}
    />
  );
}

/** The departments of exactly one region. */
export function DepartmentSelect(props: PickerProps<number> & { regionCode: string | undefined }) {
  const { regionCode, ...rest } = props;
  const departments = useDepartments(
    { region: regionCode ?? CITY_CODE, limit: 500 },
    regionCode !== undefined,
  );
  return (
    <Select
      {...rest}
      disabled={rest.disabled || regionCode === undefined}
      showSearch={{ optionFilterProp: 'label' }}
      loading={regionCode !== undefined && departments.isPending}
      status={departments.isError ? 'error' : undefined}
      options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
    />
  );
}
