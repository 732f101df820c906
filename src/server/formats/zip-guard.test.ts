import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handmadeZip, zerosDocx } from '../../../test/support/files';
import { measureZip, ZIP_CAPS } from './zip-guard';

const MB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-guard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const small = { totalBytes: 10 * MB, entryBytes: 6 * MB, entries: 100 };

describe('measureZip: the real unpacked size, never the declared one', () => {
  it('refuses a bomb whose headers declare 1 KB for 300 MB of zeros, from memory and from disk', async () => {
    const bomb = await zerosDocx(300 * MB, 1024);
    expect(bomb.length).toBeLessThan(2 * MB);
    expect(await measureZip(bomb)).toEqual({ refused: 'expands' });
    const file = path.join(dir, 'bomb.docx');
    fs.writeFileSync(file, bomb);
    expect(await measureZip(file)).toEqual({ refused: 'expands' });
  }, 30_000);

  it('passes an honest large file and counts what it really unpacks to', async () => {
    const honest = await zerosDocx(5 * MB);
    const measured = await measureZip(honest, small);
    expect('refused' in measured).toBe(false);
    if (!('refused' in measured)) {
      expect(measured.unpacked).toBeGreaterThan(5 * MB);
      expect(measured.names.has('word/document.xml')).toBe(true);
    }
    // The same file on disk, under the default caps.
    const file = path.join(dir, 'honest.docx');
    fs.writeFileSync(file, honest);
    expect('refused' in (await measureZip(file, ZIP_CAPS))).toBe(false);
  });

  it('refuses one entry past the entry cap and several entries past the total, whatever they declare', async () => {
    expect(await measureZip(await handmadeZip([{ name: 'a', data: { zeros: 7 * MB } }]), small)).toEqual({ refused: 'expands' });
    const many = await handmadeZip([1, 2, 3].map((n) => ({ name: `p${n}`, data: { zeros: 4 * MB }, declaredSize: 10 })));
    expect(await measureZip(many, small)).toEqual({ refused: 'expands' });
    const tooMany = await handmadeZip(Array.from({ length: 101 }, (_, n) => ({ name: `e${n}`, data: Buffer.from('x') })));
    expect(await measureZip(tooMany, small)).toEqual({ refused: 'expands' });
  });

  it('refuses what is no zip, cut-off deflate data and entries that share their bytes', async () => {
    expect(await measureZip(Buffer.from('not a zip at all'))).toEqual({ refused: 'unreadable' });
    const good = await handmadeZip([{ name: 'a.xml', data: Buffer.from('<a>'.repeat(1000)) }, { name: 'b.xml', data: Buffer.from('<b/>') }]);
    // Cut the first entry's deflate stream short by moving the second entry's header into it.
    const cut = Buffer.from(good);
    const second = cut.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
    const dirAt = cut.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const secondInDir = cut.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), dirAt + 4);
    cut.copy(cut, second - 8, second, second + 8); // garbage, not a header, where the first entry ends
    cut.writeUInt32LE(second - 8, secondInDir + 42);
    expect(await measureZip(cut)).toEqual({ refused: 'unreadable' });
    const shared = Buffer.from(good);
    shared.writeUInt32LE(0, secondInDir + 42); // both entries point at the first one's data
    expect(await measureZip(shared)).toEqual({ refused: 'unreadable' });
  });
});
