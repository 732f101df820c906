import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { zhCN } from './zh-CN';
import { enUS } from './en-US';
import type { Lang } from '../lib/format';

export type Language = 'zh-CN' | 'en-US';

const STORAGE_KEY = 'sm_lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en-US' || v === 'zh-CN') return v;
  } catch {
    /* storage blocked: default */
  }
  return 'zh-CN';
}

function applySideEffects(lng: Language): void {
  dayjs.locale(lng === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lng;
    document.title = i18n.t('app.title');
  }
}

const initial = storedLanguage();

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    'en-US': { translation: enUS },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applySideEffects(initial);

export function setLanguage(lng: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    /* storage blocked: the choice lasts this page only */
  }
  void i18n.changeLanguage(lng).then(() => applySideEffects(lng));
}

export function currentLanguage(): Language {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** The language as the API's bilingual texts name it. */
export function useLang(): Lang {
  const { i18n: inst } = useTranslation();
  return inst.language === 'en-US' ? 'en' : 'zh';
}

export default i18n;
