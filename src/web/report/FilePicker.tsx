import { useEffect, useRef, type ChangeEvent } from 'react';
import { useLang, type Msg } from './lang';
import { addFiles, formatSize, releaseFile, type PickedFile } from './rules';
import type { Limits } from './types';
import { Optional, Problems, describedBy } from './ui';

interface Props {
  /** The input's id; the hint and errors hang off it. */
  id: string;
  /** data-testid of the input; each remove button is `<testid>-remove-<n>`. */
  testid: string;
  label: string;
  files: PickedFile[];
  limits: Limits;
  disabled?: boolean;
  problems?: Msg[];
  onChange: (files: PickedFile[], problems: Msg[]) => void;
}

/** Photos and videos to send: thumbnails for images, names for videos, a remove button each. */
export function FilePicker({ id, testid, label, files, limits, disabled, problems, onChange }: Props) {
  const { t } = useLang();
  const latest = useRef(files);
  latest.current = files;
  // The thumbnails' object URLs go when the picker does (after sending, or leaving the page).
  useEffect(() => () => latest.current.forEach(releaseFile), []);

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const picked = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (picked.length === 0) return;
    const next = addFiles(files, picked, limits);
    onChange(next.files, next.problems);
  };

  const remove = (f: PickedFile) => {
    releaseFile(f);
    onChange(
      files.filter((x) => x.id !== f.id),
      [],
    );
  };

  const full = files.length >= limits.maxFiles;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${problems?.length ? ' has-error' : ''}`}>
      <span className="label" id={`${id}-label`}>
        {label} <Optional />
      </span>
      <p className="hint" id={hintId}>
        {t('form.filesHint', { max: limits.maxFiles, imageMB: limits.imageMB, videoMB: limits.videoMB })}
      </p>
      {files.length > 0 ? (
        <ul className="files" data-testid={`${testid}-list`}>
          {files.map((f, i) => (
            <li key={f.id} className="file">
              {f.preview ? (
                <img
                  className="thumb"
                  src={f.preview}
                  alt=""
                  onError={(e) => {
                    // A picture this browser cannot draw (HEIC on most): keep the grey square.
                    e.currentTarget.style.visibility = 'hidden';
                  }}
                />
              ) : (
                <span className="thumb thumb-video" aria-hidden="true">
                  ▶
                </span>
              )}
              <span className="file-name">
                {f.kind === 'video' ? <span className="tag">{t('form.video')}</span> : null}
                <span className="file-title">{f.file.name}</span>
                <span className="muted">{formatSize(f.file.size)}</span>
              </span>
              <button
                type="button"
                className="btn btn-small btn-quiet"
                data-testid={`${testid}-remove-${i}`}
                aria-label={t('form.fileRemoveLabel', { name: f.file.name })}
                disabled={disabled}
                onClick={() => remove(f)}
              >
                {t('form.fileRemove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label className={`btn btn-outline file-add${full || disabled ? ' is-disabled' : ''}`}>
        <span aria-hidden="true">＋</span> {t('form.filesAdd')} {files.length > 0 ? `(${files.length}/${limits.maxFiles})` : ''}
        <input
          id={id}
          className="visually-hidden"
          type="file"
          accept="image/*,video/*"
          multiple
          data-testid={testid}
          disabled={full || disabled}
          aria-labelledby={`${id}-label`}
          aria-describedby={describedBy(hintId, problems?.length ? errorId : null)}
          aria-invalid={problems?.length ? true : undefined}
          onChange={pick}
        />
      </label>
      <Problems id={errorId} field="file" items={problems} />
    </div>
  );
}
