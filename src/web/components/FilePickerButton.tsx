import { useRef, type ReactNode } from 'react';
import { Button } from 'antd';
import { UploadOutlined } from '@ant-design/icons';

/**
 * A button that opens the system's file chooser (on a phone: the camera or the gallery) and hands
 * over the chosen files. The input is cleared after each choice so the same file can be chosen
 * again after a refusal.
 */
export function FilePickerButton({ accept, onFiles, loading, children, testId }: {
  accept: string;
  onFiles: (files: File[]) => void;
  loading?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        accept={accept}
        style={{ display: 'none' }}
        data-testid={testId}
        onChange={(e) => {
          const chosen = [...(e.target.files ?? [])];
          e.target.value = '';
          if (chosen.length) onFiles(chosen);
        }}
      />
      <Button icon={<UploadOutlined />} loading={loading} onClick={() => input.current?.click()}>
        {children}
      </Button>
    </>
  );
}
