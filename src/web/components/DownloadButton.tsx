import { useState } from 'react';
import { App as AntApp, Button } from 'antd';
import type { ButtonProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';
import { errorMessage } from './ErrorAlert';

type Props = Omit<ButtonProps, 'icon' | 'loading' | 'onClick'> & { download: () => Promise<unknown> };

/** A file download: spins until the file is saved; a refusal shows as a message, the page stays as it is. */
export function DownloadButton({ download, children, ...button }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      await download();
    } catch (e) {
      void message.error(errorMessage(e, lang, t('errors.unknown')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button {...button} icon={<DownloadOutlined />} loading={busy} onClick={() => void run()}>
      {children}
    </Button>
  );
}
