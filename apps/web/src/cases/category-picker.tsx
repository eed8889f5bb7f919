// Pick a minor class through its major class (部件/事件 → 大类 → 小类), or type to search.
import { useMemo } from 'react';
import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CategoryList, CategoryView } from '@citygov/contracts';
import { currentLanguage } from '../i18n/index.ts';
import { useCategories } from './case-queries.ts';

interface Option {
  value: string;
  label: string;
  children?: Option[];
}

const majorKey = (kind: string, code: string) => `${kind}-${code}`;

function optionsOf(list: CategoryList, isEnglish: boolean, kindLabel: (k: string) => string) {
  return list.majors.map((major) => ({
    value: majorKey(major.kind, major.code),
    label: `${kindLabel(major.kind)} · ${isEnglish ? major.nameEn : major.nameZh}`,
    children: list.items
      .filter((c) => c.kind === major.kind && c.majorCode === major.code && c.isActive)
      .map((c) => ({ value: c.code, label: isEnglish ? c.nameEn : c.nameZh })),
  }));
}

export function CategoryPicker({
  id,
  value,
  onChange,
  status,
}: {
  id?: string;
  value?: string | undefined;
  onChange?: (code: string | undefined, category: CategoryView | undefined) => void;
  status?: 'error';
}) {
  const { t } = useTranslation();
  const categories = useCategories();
  const isEnglish = currentLanguage() === 'en';
  const options = useMemo<Option[]>(
    () =>
      categories.data ? optionsOf(categories.data, isEnglish, (k) => t(`cases.kinds.${k}`)) : [],
    [categories.data, isEnglish, t],
  );
  const chosen = categories.data?.items.find((c) => c.code === value);
  const path = chosen ? [majorKey(chosen.kind, chosen.majorCode), chosen.code] : undefined;
  return (
    <Cascader
      id={id}
      options={options}
      value={path}
      loading={categories.isPending}
      status={categories.isError ? 'error' : status}
      placeholder={
        categories.isError ? t('cases.report.categoriesFailed') : t('cases.report.categoryHint')
      }
      showSearch={{
        filter: (input, path) =>
          path.some((o) => String(o.label).toLowerCase().includes(input.toLowerCase())),
      }}
      expandTrigger="hover"
      style={{ width: '100%' }}
      onChange={(next) => {
        const code = next?.[1];
        onChange?.(
          code,
          categories.data?.items.find((c) => c.code === code),
        );
      }}
    />
  );
}
