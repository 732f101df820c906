import sharp from 'sharp';

/*
 * Redaction of a typical case's photos before publication (§六: cases are exposed by the media,
 * the people and vehicles in them are not). The editor draws boxes over faces and number plates on
 * the picture as displayed, at whatever size the screen shows it, so a box is in fractions of the
 * upright image (0–1), never in pixels.
 *
 * Each box is pixelated and then blurred: pixelating alone leaves 8×8 blocks that a model can
 * partly "enhance", blurring alone with a small sigma leaves a face's outline; both together leave
 * only the average colours. The result is a new JPEG with no metadata at all (sharp's default when
 * withMetadata is not called): the camera's GPS and time must not travel to the media either.
 */

export interface RedactionBox {
  /** Left edge, as a fraction of the upright image's width. */
  x: number;
  /** Top edge, as a fraction of the upright image's height. */
  y: number;
  w: number;
  h: number;
}

export const MAX_BOXES = 50;
/** An editor dragging to an edge may land a hair past it (0.30000000000000004 and the like). */
const EDGE_SLACK = 0.001;
/** The same decoding limit as the media library: a photo, not a decompression bomb. */
const MAX_INPUT_PIXELS = 120_000_000;
/** A box is pixelated to this many blocks across its shorter side. */
const BLOCKS = 8;
const MIN_SIGMA = 12;
const SIGMA_PER_PX = 0.15;

const boxText = (b: RedactionBox) => `{ x: ${b.x}, y: ${b.y}, w: ${b.w}, h: ${b.h} }`;

/** One axis of a box: its start in [0, 1), its length > 0, their sum ≤ 1, with the slack clamped. */
function axis(start: number, length: number, [s, l, edge]: [string, string, string], bad: (why: string) => RangeError): [number, number] {
  if (!Number.isFinite(start) || !Number.isFinite(length)) throw bad(`${s} and ${l} must be finite numbers`);
  if (length <= 0) throw bad(`${l} must be greater than 0`);
  if (start < -EDGE_SLACK || start >= 1) throw bad(`${s} must be at least 0 and below 1`);
  let from = start;
  let to = start + length;
  if (to > 1 + EDGE_SLACK) throw bad(`${s} + ${l} = ${to} goes past the ${edge} edge`);
  // Clamping keeps the edge the editor meant: the image's own.
  if (from < 0) from = 0;
  if (to > 1) to = 1;
  if (to <= from) throw bad(`${l} must be greater than 0 inside the image`);
  return [from, to - from];
}

/**
 * Checks the boxes an editor sent and clamps overshoots of up to 0.001 onto the image's edges.
 * Throws a RangeError naming the first bad box (`boxes[2]`), so the route can report the field.
 */
export function checkBoxes(boxes: readonly RedactionBox[]): RedactionBox[] {
  if (boxes.length > MAX_BOXES) throw new RangeError(`at most ${MAX_BOXES} boxes, got ${boxes.length}`);
  return boxes.map((b, i) => {
    const bad = (why: string) => new RangeError(`boxes[${i}] ${boxText(b)}: ${why}`);
    const [x, w] = axis(b.x, b.w, ['x', 'w', 'right'], bad);
    const [y, h] = axis(b.y, b.h, ['y', 'h', 'bottom'], bad);
    return { x, y, w, h };
  });
}

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The pixels a box covers, rounded outwards: a partly covered pixel is redacted too. */
function toRect(b: RedactionBox, width: number, height: number): Rect {
  const left = Math.min(Math.floor(b.x * width), width - 1);
  const top = Math.min(Math.floor(b.y * height), height - 1);
  const right = Math.max(left + 1, Math.min(width, Math.ceil((b.x + b.w) * width)));
  const bottom = Math.max(top + 1, Math.min(height, Math.ceil((b.y + b.h) * height)));
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * The image upright (by its EXIF orientation), with every box pixelated and blurred, as a JPEG
 * without metadata. The blur's sigma grows with the box (0.15 × its shorter side, at least 12 px)
 * so a large face is as unrecognisable as a small one; `opts.sigma` fixes it instead.
 */
export async function blurBoxes(
  input: string | Buffer,
  boxes: readonly RedactionBox[],
  opts: { sigma?: number } = {},
): Promise<Buffer> {
  const checked = checkBoxes(boxes);
  if (opts.sigma !== undefined && !(opts.sigma >= 0.3 && opts.sigma <= 1000)) {
    throw new RangeError(`sigma must be between 0.3 and 1000, got ${opts.sigma}`);
  }

  // Decoded once, upright, flattened onto white and in 8-bit sRGB, so every box is cut from the
  // pixels the editor saw and the patches and the base agree on their layout.
  const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };

  const patches = await Promise.all(
    checked.map(async (box) => {
      const rect = toRect(box, raw.width, raw.height);
      const shorter = Math.min(rect.width, rect.height);
      const scale = Math.min(1, BLOCKS / shorter);
      const blocksAcross = Math.max(1, Math.round(rect.width * scale));
      const blocksDown = Math.max(1, Math.round(rect.height * scale));
      // Downscaling averages each block; nearest-neighbour upscaling keeps the blocks hard.
      const blocks = await sharp(data, { raw }).extract(rect).resize(blocksAcross, blocksDown, { fit: 'fill' }).raw().toBuffer();
      const sigma = opts.sigma ?? Math.max(MIN_SIGMA, SIGMA_PER_PX * shorter);
      const patch = await sharp(blocks, { raw: { width: blocksAcross, height: blocksDown, channels: raw.channels } })
        .resize(rect.width, rect.height, { fit: 'fill', kernel: 'nearest' })
        .blur(sigma)
        .raw()
        .toBuffer();
      return { input: patch, raw: { width: rect.width, height: rect.height, channels: raw.channels }, left: rect.left, top: rect.top };
    }),
  );

  return sharp(data, { raw }).composite(patches).jpeg({ quality: 90, mozjpeg: true }).toBuffer();
}
