import { useEffect, useRef, useState } from 'react';
import { useLang } from './lang';
import type { StringKey } from './strings';
import type { Submitted } from './types';

/*
 * The receipt, shown once. It stays in this component's state: not in the URL, not in storage.
 * 复制 uses the clipboard (or selects the text where there is none); 保存为文件 writes a small
 * text file through a Blob link.
 */
export function ReceiptView({ submitted, at }: { submitted: Submitted; at: Date }) {
  const { t, lang } = useLang();
  const receiptRef = useRef<HTMLParagraphElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [note, setNote] = useState<StringKey | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const selectReceipt = () => {
    const el = receiptRef.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    selection.removeAllRanges();
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.addRange(range);
  };

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      // A browser that asks for permission may never answer: fall back after two seconds.
      const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('clipboard timeout')), 2000));
      await Promise.race([navigator.clipboard.writeText(submitted.receipt), late]);
      setNote('receipt.copied');
    } catch {
      // Plain http or an old browser: select it, try the old command, else ask for a long-press.
      selectReceipt();
      let copied: boolean;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      setNote(copied ? 'receipt.copied' : 'receipt.copyManual');
    }
  };

  const save = () => {
    const statusUrl = `${window.location.origin}/report/status`;
    const when = at.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour12: false });
    const text = [
      t('receipt.fileTitle'),
      '',
      `${t('receipt.label')}: ${submitted.receipt}`,
      `${t('receipt.reference')}: ${submitted.reference}`,
      `${t('receipt.fileSubmitted')}: ${when}`,
      `${t('receipt.fileStatus')}: ${statusUrl}`,
      '',
      t('receipt.warning'),
      t('receipt.secret'),
      '',
    ].join('\r\n');
    // The byte-order mark lets Windows Notepad read the Chinese as UTF-8.
    const href = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = href;
    a.download = t('receipt.fileName', { reference: submitted.reference.replace(/[^\w.-]+/g, '_') });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 30_000);
    setNote('receipt.saved');
  };

  return (
    <section className="card receipt-card" data-testid="report-done" aria-labelledby="receipt-title">
      <h2 id="receipt-title" ref={headingRef} tabIndex={-1}>
        <span className="ok" aria-hidden="true">✓</span> {t('receipt.title')}
      </h2>
      <p className="warning" role="note" data-testid="receipt-warning">
        {t('receipt.warning')}
      </p>
      <p className="receipt-label">{t('receipt.label')}</p>
      <p className="receipt" ref={receiptRef} data-testid="report-receipt" translate="no">
        {submitted.receipt}
      </p>
      <p className="receipt-ref">
        {t('receipt.reference')}: <strong data-testid="report-reference" translate="no">{submitted.reference}</strong>
      </p>
      <p className="muted">{t('receipt.secret')}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" data-testid="receipt-copy" onClick={() => void copy()}>
          {t('receipt.copy')}
        </button>
        <button type="button" className="btn btn-outline" data-testid="receipt-save" onClick={save}>
          {t('receipt.save')}
        </button>
      </div>
      {note ? (
        <p className="note" aria-live="polite" data-testid="receipt-note">
          {t(note)}
        </p>
      ) : null}
      <p className="cross-link">
        <a href="/report/status" data-testid="receipt-status-link">
          {t('receipt.toStatus')}
        </a>
      </p>
    </section>
  );
}
