import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, fill, zh, type StringKey, type Vars } from './strings';

/*
 * 中文 by default; the person's choice is kept in localStorage (the only thing these pages
 * store). Messages are kept as keys or as the server's {message, messageEn} pair and turned
 * into text while drawing, so switching language also switches the errors on screen.
 */

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'safemonth.report.lang';

/** Something to say: one of our keys, or the server's text in both languages. */
export type Msg = { key: StringKey; vars?: Vars } | { zh: string; en: string };
export interface Bilingual { zh: string; en: string }

export const msg = (key: StringKey, vars?: Vars): Msg => ({ key, vars });

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

interface LangValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: StringKey, vars?: Vars) => string;
  /** The text of a {zh, en} pair (campaign and category names) or of a Msg. */
  say: (m: Msg | Bilingual) => string;
}

const LangContext = createContext<LangValue | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode may refuse storage; the switch still works for this visit.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const value = useMemo<LangValue>(() => {
    const dict = lang === 'zh' ? zh : en;
    const t = (key: StringKey, vars?: Vars) => fill(dict[key], vars);
    const say = (m: Msg | Bilingual) => ('key' in m ? t(m.key, m.vars) : lang === 'zh' ? m.zh : m.en || m.zh);
    return { lang, setLang, t, say };
  }, [lang, setLang]);

  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangValue {
  const v = useContext(LangContext);
  if (!v) throw new Error('useLang outside LangProvider');
  return v;
}
