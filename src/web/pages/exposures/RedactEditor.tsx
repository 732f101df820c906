/*
 * The redaction editor (打码): the evidence photo at a size that fits the screen, over which the
 * editor drags rectangles across faces, number plates and signs, with a mouse or a finger
 * (pointer events, captured so a drag that leaves the photo still ends). Boxes are kept as
 * fractions of the photo (the displayed photo is the upright photo scaled, so a fraction of one is
 * a fraction of the other); the server renders the blurred copy from them.
 *
 * Test ids:
 *   redact-editor (the dialog's body), redact-canvas (the element dragged on; its bounding box is
 *   the photo), redact-box-<n> (a drawn box, from 0), redact-remove-<n> (its delete button in the
 *   list), redact-clear, redact-caption, redact-save, redact-cancel.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Empty, Input, Modal, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RedactBox } from '../../api/exposures';
import { ErrorAlert } from '../../components/ErrorAlert';

/** A drag shorter than this (a fraction of the photo's side) is a click, not a box. */
const MIN_SIDE = 0.01;

const clamp = (n: number) => Math.min(1, Math.max(0, n));

interface Point {
  x: number;
  y: number;
}

function boxOf(a: Point, b: Point): RedactBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

function pct(n: number): string {
  return `${(n * 100).toFixed(3)}%`;
}

export interface RedactTarget {
  /** The evidence file the photo comes from. */
  caseFileId: number;
  /** The unblurred display copy to draw on. */
  src: string;
  /** Set when re-drawing an existing image. */
  imageId?: number;
  boxes: RedactBox[];
  caption: string | null;
  /** Where the photo comes from, e.g. the case's reference. */
  label?: string;
}

export function RedactEditor({
  target,
  saving,
  error,
  onSave,
  onCancel,
}: {
  target: RedactTarget;
  saving: boolean;
  error: unknown;
  onSave: (boxes: RedactBox[], caption: string | null) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [boxes, setBoxes] = useState<RedactBox[]>(target.boxes);
  const [caption, setCaption] = useState(target.caption ?? '');
  // The drag in progress lives in a ref: pointer events may come faster than renders.
  const drag = useRef<{ pointerId: number; start: Point; end: Point } | null>(null);
  const [drawing, setDrawing] = useState<RedactBox | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const canvas = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const [fitted, setFitted] = useState<{ w: number; h: number } | null>(null);

  // The photo is shown whole at the largest size the dialog and the screen allow, never enlarged.
  useEffect(() => {
    const el = frame.current;
    if (!el || !natural) return;
    const fit = () => {
      const width = el.clientWidth - 8;
      const height = Math.min(window.innerHeight * 0.62, 640);
      const scale = Math.min(1, width / natural.w, height / natural.h);
      setFitted({ w: Math.max(1, Math.floor(natural.w * scale)), h: Math.max(1, Math.floor(natural.h * scale)) });
    };
    fit();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fit);
    observer?.observe(el);
    window.addEventListener('resize', fit);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, [natural]);

  const pointOf = (e: React.PointerEvent): Point | null => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return null;
    return { x: clamp((e.clientX - rect.left) / rect.width), y: clamp((e.clientY - rect.top) / rect.height) };
  };

  const down = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!loaded || saving) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const p = pointOf(e);
    if (!p) return;
    e.preventDefault();
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      /* an old browser: the drag still works while the pointer stays on the photo */
    }
    drag.current = { pointerId: e.pointerId, start: p, end: p };
    setDrawing(boxOf(p, p));
  };
  const move = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    const p = pointOf(e);
    if (!p) return;
    d.end = p;
    setDrawing(boxOf(d.start, p));
  };
  const up = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    const box = boxOf(d.start, pointOf(e) ?? d.end);
    drag.current = null;
    setDrawing(null);
    if (box.w >= MIN_SIDE && box.h >= MIN_SIDE) setBoxes((all) => [...all, box]);
  };
  const cancelDrag = () => {
    drag.current = null;
    setDrawing(null);
  };

  return (
    <Modal
      open
      width={980}
      style={{ maxWidth: 'calc(100vw - 16px)', top: 16 }}
      title={target.imageId === undefined ? t('exposures.redactTitleNew') : t('exposures.redactTitleEdit')}
      onCancel={onCancel}
      maskClosable={false}
      footer={
        <Space wrap>
          <Button data-testid="redact-cancel" onClick={onCancel} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" data-testid="redact-save" loading={saving} disabled={!loaded} onClick={() => onSave(boxes, caption.trim() || null)}>
            {t('exposures.redactSave')}
          </Button>
        </Space>
      }
    >
      <div data-testid="redact-editor" data-boxes={boxes.length}>
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('exposures.redactHint')} />
        <ErrorAlert error={error} listFields />
        {target.label && (
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
            {target.label}
          </Typography.Text>
        )}
        <div ref={frame} style={{ textAlign: 'center', background: '#262626', padding: 4, borderRadius: 4, marginBottom: 8 }}>
          {failed ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span style={{ color: '#fff' }}>{t('exposures.photoFailed')}</span>} />
          ) : (
            <div
              ref={canvas}
              data-testid="redact-canvas"
              data-loaded={loaded ? 'true' : 'false'}
              onPointerDown={down}
              onPointerMove={move}
              onPointerUp={up}
              onPointerCancel={cancelDrag}
              onLostPointerCapture={(e) => {
                // A capture lost before the pointer was lifted (the dialog closed, the system took the touch).
                if (drag.current?.pointerId === e.pointerId && e.buttons !== 0) cancelDrag();
              }}
              style={{
                position: 'relative',
                display: 'inline-block',
                maxWidth: '100%',
                verticalAlign: 'top',
                lineHeight: 0,
                cursor: 'crosshair',
                touchAction: 'none',
                userSelect: 'none',
                WebkitUserSelect: 'none',
              }}
            >
              <img
                src={target.src}
                alt={t('exposures.redactAlt')}
                draggable={false}
                onLoad={(e) => {
                  setNatural({ w: e.currentTarget.naturalWidth || 1, h: e.currentTarget.naturalHeight || 1 });
                  setLoaded(true);
                }}
                onError={() => setFailed(true)}
                style={
                  fitted
                    ? { display: 'block', width: fitted.w, height: fitted.h, pointerEvents: 'none' }
                    : { display: 'block', maxWidth: '100%', maxHeight: 'min(62vh, 640px)', pointerEvents: 'none' }
                }
              />
              {boxes.map((b, n) => (
                <div
                  key={n}
                  data-testid={`redact-box-${n}`}
                  data-box={[b.x, b.y, b.w, b.h].map((v) => v.toFixed(4)).join(',')}
                  style={{
                    position: 'absolute',
                    left: pct(b.x),
                    top: pct(b.y),
                    width: pct(b.w),
                    height: pct(b.h),
                    background: 'rgba(0,0,0,0.45)',
                    border: '2px solid #ff4d4f',
                    boxSizing: 'border-box',
                    pointerEvents: 'none',
                  }}
                >
                  <span
                    style={{
                      position: 'absolute',
                      left: 0,
                      top: 0,
                      background: '#ff4d4f',
                      color: '#fff',
                      fontSize: 11,
                      lineHeight: '14px',
                      padding: '0 3px',
                    }}
                  >
                    {n + 1}
                  </span>
                </div>
              ))}
              {drawing && (
                <div
                  style={{
                    position: 'absolute',
                    left: pct(drawing.x),
                    top: pct(drawing.y),
                    width: pct(drawing.w),
                    height: pct(drawing.h),
                    border: '2px dashed #fff',
                    outline: '1px solid #ff4d4f',
                    boxSizing: 'border-box',
                    pointerEvents: 'none',
                  }}
                />
              )}
            </div>
          )}
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 8 }}>
          <Typography.Text strong>{t('exposures.redactBoxes', { n: boxes.length })}</Typography.Text>
          {boxes.length === 0 ? (
            <Typography.Text type="secondary">{t('exposures.redactNoBoxes')}</Typography.Text>
          ) : (
            <>
              {boxes.map((_, n) => (
                <Button
                  key={n}
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  data-testid={`redact-remove-${n}`}
                  aria-label={t('exposures.redactRemove', { n: n + 1 })}
                  onClick={() => setBoxes((all) => all.filter((_, i) => i !== n))}
                >
                  {t('exposures.redactBox', { n: n + 1 })}
                </Button>
              ))}
              <Button size="small" type="link" data-testid="redact-clear" onClick={() => setBoxes([])}>
                {t('exposures.redactClear')}
              </Button>
            </>
          )}
        </div>
        <label style={{ display: 'block' }}>
          <Typography.Text style={{ display: 'block', marginBottom: 4 }}>{t('exposures.caption')}</Typography.Text>
          <Input
            data-testid="redact-caption"
            value={caption}
            onChange={(e) => setCaption(e.target.value)}
            maxLength={200}
            placeholder={t('exposures.captionPlaceholder')}
          />
        </label>
      </div>
    </Modal>
  );
}
