import { currentLanguage } from '../i18n/index.ts';
import { useCategories } from './case-queries.ts';

/** A category's name in the user's language (the API's lists carry the Chinese one). */
export function CategoryName({ code, fallback }: { code: string; fallback: string }) {
  const categories = useCategories();
  const category = categories.data?.items.find((c) => c.code === code);
  if (!category) return <>{fallback}</>;
  return <>{currentLanguage() === 'en' ? category.nameEn : category.nameZh}</>;
}
