/*
 * Rich text for the summary report: TipTap (ProseMirror) with exactly what the server keeps
 * (src/server/formats/rich-text.ts: paragraphs, line breaks, bold, italic, underline, strike,
 * bullet and numbered lists, headings 3 and 4, quotes). Links, images, code and rules are left
 * out of the schema, not merely off the toolbar: ProseMirror drops what its schema cannot hold, so
 * text pasted from Word or a web page arrives as the same small set the server would keep anyway.
 *
 * The editor is uncontrolled, as ProseMirror is: `value` is read when the editor is made and
 * again whenever `resetKey` changes (the server answered with a new state); typing reports the
 * HTML through `onChange`, an empty document as ''.
 *
 * Test ids: `testId` goes on the editable element itself (the contenteditable), so a test can
 * click and type into it; `<testId>-toolbar` on the toolbar.
 */
import { useEffect, useRef } from 'react';
import { Button, Divider, Space, Tooltip } from 'antd';
import {
  BoldOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  RedoOutlined,
  StrikethroughOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';
import './RichTextEditor.css';

interface Props {
  value: string;
  onChange: (html: string) => void;
  editable: boolean;
  /** When this changes, the editor's content is replaced by `value`. */
  resetKey: string;
  testId: string;
  ariaLabel: string;
  status?: 'error' | 'warning';
}

const extensions = [
  StarterKit.configure({
    heading: { levels: [3, 4] },
    // None of these survive the server's sanitiser: offering them would lose the writer's work.
    link: false,
    code: false,
    codeBlock: false,
    horizontalRule: false,
  }),
];

export const htmlOf = (editor: Editor) => (editor.isEmpty ? '' : editor.getHTML());

export function RichTextEditor({ value, onChange, editable, resetKey, testId, ariaLabel, status }: Props) {
  // The latest callback, so the editor (made once) never calls a stale one.
  const changed = useRef(onChange);
  changed.current = onChange;

  const editor = useEditor({
    extensions,
    content: value,
    editable,
    editorProps: {
      attributes: {
        'data-testid': testId,
        'aria-label': ariaLabel,
        'aria-multiline': 'true',
        role: 'textbox',
        class: 'sm-rich-content',
      },
    },
    onUpdate: ({ editor: e }) => changed.current(htmlOf(e)),
  });

  const shownKey = useRef(resetKey);
  useEffect(() => {
    if (shownKey.current === resetKey) return;
    shownKey.current = resetKey;
    // The server's state replaces what is on screen only where it differs (the sanitiser dropped
    // something), so a save that kept the text as typed leaves the cursor and the undo history alone.
    // It is not an edit: no update is reported.
    if (htmlOf(editor) !== value) editor.commands.setContent(value, { emitUpdate: false });
    // Only a new server state resets the content, not every keystroke that changes `value`.
  }, [editor, resetKey]);

  useEffect(() => {
    editor.setEditable(editable, false);
  }, [editor, editable]);

  return (
    <div className={`sm-rich${editable ? '' : ' sm-rich-readonly'}${status ? ` sm-rich-${status}` : ''}`}>
      {editable && <Toolbar editor={editor} testId={`${testId}-toolbar`} />}
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor, testId }: { editor: Editor; testId: string }) {
  const { t } = useTranslation();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      strike: e.isActive('strike'),
      h3: e.isActive('heading', { level: 3 }),
      h4: e.isActive('heading', { level: 4 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const tool = (key: string, label: string, icon: React.ReactNode, active: boolean, run: () => void, disabled = false) => (
    <Tooltip title={label} key={key} mouseEnterDelay={0.6}>
      <Button
        size="small"
        type={active ? 'primary' : 'text'}
        ghost={active}
        aria-label={label}
        aria-pressed={active}
        data-tool={key}
        disabled={disabled}
        icon={icon}
        // Keeps the selection in the editor: a click on the button would otherwise blur it first.
        onMouseDown={(e) => e.preventDefault()}
        onClick={run}
      />
    </Tooltip>
  );
  const chain = () => editor.chain().focus();
  const glyph = (text: string) => <span style={{ fontWeight: 600, fontSize: 12 }}>{text}</span>;

  return (
    <div className="sm-rich-toolbar" data-testid={testId} role="toolbar" aria-label={t('richText.toolbar')}>
      <Space size={2} wrap>
        {tool('bold', t('richText.bold'), <BoldOutlined />, state.bold, () => chain().toggleBold().run())}
        {tool('italic', t('richText.italic'), <ItalicOutlined />, state.italic, () => chain().toggleItalic().run())}
        {tool('underline', t('richText.underline'), <UnderlineOutlined />, state.underline, () => chain().toggleUnderline().run())}
        {tool('strike', t('richText.strike'), <StrikethroughOutlined />, state.strike, () => chain().toggleStrike().run())}
        <Divider orientation="vertical" style={{ marginInline: 2 }} />
        {tool('h3', t('richText.heading3'), glyph('H3'), state.h3, () => chain().toggleHeading({ level: 3 }).run())}
        {tool('h4', t('richText.heading4'), glyph('H4'), state.h4, () => chain().toggleHeading({ level: 4 }).run())}
        {tool('bulletList', t('richText.bulletList'), <UnorderedListOutlined />, state.bulletList, () => chain().toggleBulletList().run())}
        {tool('orderedList', t('richText.orderedList'), <OrderedListOutlined />, state.orderedList, () => chain().toggleOrderedList().run())}
        {tool('blockquote', t('richText.blockquote'), glyph('“ ”'), state.blockquote, () => chain().toggleBlockquote().run())}
        <Divider orientation="vertical" style={{ marginInline: 2 }} />
        {tool('undo', t('richText.undo'), <UndoOutlined />, false, () => chain().undo().run(), !state.canUndo)}
        {tool('redo', t('richText.redo'), <RedoOutlined />, false, () => chain().redo().run(), !state.canRedo)}
      </Space>
    </div>
  );
}
