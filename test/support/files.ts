import archiver from 'archiver';
import sharp from 'sharp';

/** A zip built in memory from text entries: the raw material of OOXML files and of zips that only pretend to be. */
export async function zip(entries: Record<string, string>): Promise<Buffer> {
  const a = archiver('zip');
  const chunks: Buffer[] = [];
  a.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => { a.on('end', resolve); a.on('error', reject); });
  for (const [name, text] of Object.entries(entries)) a.append(text, { name });
  await a.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A JPEG of one colour: real image bytes for what must decode, resize or embed a photo. */
export const solidJpeg = (width: number, height: number, background = '#336699') =>
  sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer();
