import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

/** Shows the other language's name; one click switches to it. */
export function LanguageSwitch({ type = 'text', light }: { type?: 'text' | 'default'; light?: boolean }) {
  const { i18n, t } = useTranslation();
  const isZh = i18n.language !== 'en-US';
  return (
    <Button
      type={type}
      size="small"
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      aria-label={t('common.switchLanguage')}
      title={t('common.switchLanguage')}
      style={light ? { color: '#fff' } : undefined}
      onClick={() => setLanguage(isZh ? 'en-US' : 'zh-CN')}
    >
      {isZh ? 'English' : '中文'}
    </Button>
  );
}
