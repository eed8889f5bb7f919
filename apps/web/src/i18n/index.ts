import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

export type Language = 'zh-CN' | 'en';

const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem('citygov.lang');
const initial: Language = saved === 'en' ? 'en' : 'zh-CN';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
if (typeof document !== 'undefined') document.documentElement.lang = initial;

export function setLanguage(lang: Language) {
  localStorage.setItem('citygov.lang', lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export const currentLanguage = (): Language => (i18next.language === 'en' ? 'en' : 'zh-CN');

export { i18next };
