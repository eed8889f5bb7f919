import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem('citygov.lang');

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: 'zh-CN' | 'en') {
  localStorage.setItem('citygov.lang', lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export { i18next };
