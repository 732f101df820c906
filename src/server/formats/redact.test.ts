import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { blurBoxes, checkBoxes, MAX_BOXES, type RedactionBox } from './redact';

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}
interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * An RGB picture: a black-and-white 4 px checkerboard (the "face") inside `target`, a smooth
 * colour gradient with soft waves everywhere else, which JPEG keeps almost exactly.
 */
function picture(width: number, height: number, target: Rect): Raw {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x >= target.left && x < target.right && y >= target.top && y < target.bottom) {
        data.fill((Math.floor(x / 4) + Math.floor(y / 4)) % 2 === 0 ? 0 : 255, i, i + 3);
      } else {
        data[i] = 40 + Math.round((x / width) * 160);
        data[i + 1] = 30 + Math.round((y / height) * 180);
        data[i + 2] = Math.round(128 + 40 * Math.sin(x / 25) * Math.cos(y / 30));
      }
    }
  }
  return { data, width, height };
}

const png = (r: Raw) => sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } }).png().toBuffer();

async function decode(image: Buffer): Promise<Raw> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference per channel over the pixels `keep` selects. */
function meanAbsDiff(a: Raw, b: Raw, keep: (x: number, y: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (!keep(x, y)) continue;
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
      n += 3;
    }
  }
  expect(n).toBeGreaterThan(0);
  return sum / n;
}

/** Variance of the green channel over a rectangle: 255²/4 for the checkerboard, near 0 once blurred. */
function variance(r: Raw, rect: Rect): number {
  const values: number[] = [];
  for (let y = rect.top; y < rect.bottom; y++) {
    for (let x = rect.left; x < rect.right; x++) values.push(r.data[(y * r.width + x) * 3 + 1]!);
  }
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
}

const inside = (rect: Rect, margin: number) => (x: number, y: number) =>
  x >= rect.left + margin && x < rect.right - margin && y >= rect.top + margin && y < rect.bottom - margin;
const awayFrom = (rect: Rect, margin: number) => (x: number, y: number) =>
  x < rect.left - margin || x >= rect.right + margin || y < rect.top - margin || y >= rect.bottom + margin;
const shrink = (r: Rect, m: number): Rect => ({ left: r.left + m, top: r.top + m, right: r.right - m, bottom: r.bottom - m });

describe('redaction of photos for publication', () => {
  // 400 × 300; the box { x 0.25, y 0.2, w 0.3, h 0.4 } is pixels 100–220 × 60–180.
  const target: Rect = { left: 100, top: 60, right: 220, bottom: 180 };
  const box: RedactionBox = { x: 0.25, y: 0.2, w: 0.3, h: 0.4 };
  const original = picture(400, 300, target);

  it('makes the box unrecognisable and leaves the rest of the picture as it was', async () => {
    const out = await decode(await blurBoxes(await png(original), [box]));
    expect([out.width, out.height]).toEqual([400, 300]);

    expect(variance(original, shrink(target, 2))).toBeGreaterThan(16_000);
    expect(variance(out, shrink(target, 2))).toBeLessThan(50);
    expect(meanAbsDiff(original, out, inside(target, 2))).toBeGreaterThan(80);

    // A JPEG block away from the box, only compression noise.
    expect(meanAbsDiff(original, out, awayFrom(target, 8))).toBeLessThan(2);
  });

  it('places the same fractions on the same part of the picture at any size', async () => {
    // The editor drew the box over a 400 × 300 display copy; the original is 1000 × 750.
    const large: Rect = { left: 250, top: 150, right: 550, bottom: 450 };
    const big = picture(1000, 750, large);
    const out = await decode(await blurBoxes(await png(big), [box]));
    expect(variance(out, shrink(large, 2))).toBeLessThan(50);
    expect(meanAbsDiff(big, out, awayFrom(large, 8))).toBeLessThan(2);
  });

  it('takes a box reaching the edges, clamping a rounding overshoot', async () => {
    const corner: Rect = { left: 320, top: 240, right: 400, bottom: 300 };
    const edgy = picture(400, 300, corner);
    // 0.8 + 0.2000004 passes the right edge by a rounding error: clamped, not refused.
    const out = await decode(await blurBoxes(await png(edgy), [{ x: 0.8, y: 0.8, w: 0.2000004, h: 0.2 }]));
    expect(variance(out, corner)).toBeLessThan(50);
    expect(meanAbsDiff(edgy, out, awayFrom(corner, 8))).toBeLessThan(2);
  });

  it('handles many and tiny boxes', async () => {
    const boxes = Array.from({ length: MAX_BOXES }, (_, i) => ({ x: (i % 10) / 10, y: Math.floor(i / 10) / 5, w: 0.001, h: 0.001 }));
    const out = await decode(await blurBoxes(await png(original), boxes));
    expect([out.width, out.height]).toEqual([400, 300]);
  });

  it('reads greyscale and transparent pictures too, writing an RGB JPEG', async () => {
    const grey = await sharp(await png(original)).greyscale().png().toBuffer();
    const transparent = await sharp(await png(original)).ensureAlpha(0.5).png().toBuffer();
    for (const input of [grey, transparent]) {
      const out = await blurBoxes(input, [box]);
      const meta = await sharp(out).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels, meta.hasAlpha]).toEqual(['jpeg', 400, 300, 3, false]);
      expect(variance(await decode(out), shrink(target, 2))).toBeLessThan(50);
    }
  });

  it('writes no EXIF, GPS or any other metadata, even when the camera did', async () => {
    const withGps = await sharp(await png(original))
      .jpeg({ quality: 95 })
      .withExif({
        IFD0: { Make: 'SnoopCam', Model: 'Tracker 9000' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 2/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '102/1 42/1 0/1' },
      })
      .toBuffer();
    const before = await sharp(withGps).metadata();
    expect(before.exif?.length ?? 0).toBeGreaterThan(0);
    expect(withGps.includes('SnoopCam')).toBe(true);

    for (const boxes of [[box], []]) {
      const out = await blurBoxes(withGps, boxes);
      const meta = await sharp(out).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(out.includes('Exif\0\0')).toBe(false);
      expect(out.includes('SnoopCam')).toBe(false);
    }
  });

  it('applies the boxes to the upright picture when the camera stored it turned (EXIF orientation 6)', async () => {
    // Upright 300 × 200 with the face at 30–120 × 20–100, i.e. the box { 0.1, 0.1, 0.3, 0.4 }.
    const face: Rect = { left: 30, top: 20, right: 120, bottom: 100 };
    const upright = picture(300, 200, face);
    // Orientation 6 means "turn 90° clockwise to view": the stored pixels are the upright ones turned back.
    const turned = await sharp(await png(upright)).rotate(270).png().toBuffer();
    const stored = await sharp(turned).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([200, 300, 6]);

    const out = await decode(await blurBoxes(stored, [{ x: 0.1, y: 0.1, w: 0.3, h: 0.4 }]));
    expect([out.width, out.height]).toEqual([300, 200]);
    expect((await sharp(await blurBoxes(stored, [])).metadata()).orientation).toBeUndefined();
    expect(variance(upright, shrink(face, 2))).toBeGreaterThan(16_000);
    expect(variance(out, shrink(face, 2))).toBeLessThan(50);
    expect(meanAbsDiff(upright, out, awayFrom(face, 8))).toBeLessThan(3);
  });

  it('refuses a box outside the image, empty, not a number, or one too many, naming it', () => {
    const ok: RedactionBox = { x: 0.1, y: 0.1, w: 0.2, h: 0.2 };
    const bad: [Partial<RedactionBox>, RegExp][] = [
      [{ x: 1 }, /x must be at least 0 and below 1/],
      [{ x: -0.01 }, /x must be at least 0/],
      [{ y: 1.2 }, /y must be at least 0/],
      [{ w: 0 }, /w must be greater than 0/],
      [{ h: -0.1 }, /h must be greater than 0/],
      [{ x: 0.9, w: 0.2 }, /x \+ w = 1\.1 goes past the right edge/],
      [{ y: 0.5, h: 0.502 }, /goes past the bottom edge/],
      [{ w: Number.NaN }, /finite/],
      [{ y: Number.POSITIVE_INFINITY }, /finite/],
    ];
    for (const [change, why] of bad) {
      const boxes = [ok, { ...ok, ...change }];
      expect(() => checkBoxes(boxes), JSON.stringify(change)).toThrow(RangeError);
      expect(() => checkBoxes(boxes), JSON.stringify(change)).toThrow(/^boxes\[1\] \{ x: /);
      expect(() => checkBoxes(boxes), JSON.stringify(change)).toThrow(why);
    }
    expect(() => checkBoxes(Array.from({ length: MAX_BOXES + 1 }, () => ok))).toThrow(/at most 50 boxes, got 51/);
  });

  it('clamps overshoots of at most 0.001 onto the edges', () => {
    expect(checkBoxes([{ x: -0.0005, y: 0.5, w: 0.3005, h: 0.5008 }])).toEqual([{ x: 0, y: 0.5, w: 0.3, h: 0.5 }]);
    expect(checkBoxes([])).toEqual([]);
  });

  it('refuses bad boxes before reading the image, and an unreadable image', async () => {
    await expect(blurBoxes('/nonexistent/photo.jpg', [{ x: 0.5, y: 0.5, w: 0.6, h: 0.1 }])).rejects.toThrow(RangeError);
    await expect(blurBoxes(Buffer.from('not an image'), [])).rejects.toThrow();
    await expect(blurBoxes(await png(original), [box], { sigma: 0 })).rejects.toThrow(/sigma/);
  });
});
