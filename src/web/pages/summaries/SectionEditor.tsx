/*
 * One section of the campaign's summary (开展情况, 经验做法 …): its name and what the plan asks for
 * in it, the rich-text editor, and a counter against the server's limit. The limit is on what the
 * server stores, formatting marks included, so the counter measures that and shows the plain
 * character count beside it for the writer.
 *
 * Test ids:
 *   sum-section-<key> (the editable element), sum-section-<key>-toolbar, sum-count-<key>
 *   (data-used: stored characters, data-max, data-over: "true" past the limit),
 *   sum-section-error-<key> (the server's message on the section).
 */
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SummarySectionDef } from '../../api/summaries';
import { RichTextEditor } from '../../components/RichTextEditor';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import { sectionSize, type SummaryEditor } from './useSummaryEditor';

type Editor = Pick<SummaryEditor, 'editable' | 'syncKey' | 'sections' | 'setSection' | 'errorsFor'>;

export function SectionEditor({ index, section, editor, max }: { index: number; section: SummarySectionDef; editor: Editor; max: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const html = editor.sections[section.key] ?? '';
  const size = sectionSize(html);
  const over = size.stored > max;
  const errors = editor.errorsFor(`sections.${section.key}`);
  const name = tx(section.name, lang);
  const hint = tx(section.hint, lang);

  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {t('summary.sectionNumber', { n: index + 1 })}
          {name}
        </span>
      }
    >
      {hint && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8, fontSize: 13 }}>
          {hint}
        </Typography.Paragraph>
      )}
      {!editor.editable && !html ? (
        <Typography.Text type="secondary" data-testid={`sum-section-${section.key}`}>
          {t('summary.notWritten')}
        </Typography.Text>
      ) : (
        <RichTextEditor
          value={html}
          onChange={(v) => editor.setSection(section.key, v)}
          editable={editor.editable}
          resetKey={editor.syncKey}
          testId={`sum-section-${section.key}`}
          ariaLabel={name}
          status={errors.length || over ? 'error' : undefined}
        />
      )}
      {errors.length > 0 && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} data-testid={`sum-section-error-${section.key}`}>
          {errors.join('；')}
        </Typography.Text>
      )}
      {editor.editable && (
        <div style={{ marginTop: 4, textAlign: 'end' }}>
          <Typography.Text
            type={over ? 'danger' : 'secondary'}
            style={{ fontSize: 12 }}
            data-testid={`sum-count-${section.key}`}
            data-used={size.stored}
            data-max={max}
            data-over={over ? 'true' : 'false'}
            title={t('summary.countHint', { max: max.toLocaleString() })}
          >
            {t('summary.count', { n: size.text.toLocaleString(), used: size.stored.toLocaleString(), max: max.toLocaleString() })}
          </Typography.Text>
          {over && (
            <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
              {t('summary.tooLong', { max: max.toLocaleString() })}
            </Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}
