import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmCfb, confirmOoxml, sniffHead } from './media-sniff';
import { zip } from '../../../test/support/files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-sniff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
const write = (data: Buffer) => {
  const file = path.join(dir, `f${n++}`);
  fs.writeFileSync(file, data);
  return file;
};

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;

/** A minimal OLE compound file (version 3, 512-byte sectors): one FAT sector, one directory sector. */
function cfb(streamNames: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(1, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(ENDOFCHAIN, 0x3c);
  header.writeUInt32LE(ENDOFCHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREESECT, 0x4c + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(ENDOFCHAIN, 4);
  const directory = Buffer.alloc(512);
  ['Root Entry', ...streamNames].slice(0, 4).forEach((name, i) => {
    const off = i * 128;
    directory.write(name, off, 'utf16le');
    directory.writeUInt16LE((name.length + 1) * 2, off + 0x40);
    directory[off + 0x42] = i === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, directory]);
}

describe('media sniffing: the type is what the bytes say', () => {
  it.each([
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image', 'image/jpeg'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image', 'image/png'],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image', 'image/gif'],
    ['WebP', Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), 'image', 'image/webp'],
    ['MP4', Buffer.from('\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2mp41', 'latin1'), 'video', 'video/mp4'],
    ['MOV', Buffer.from('\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ', 'latin1'), 'video', 'video/quicktime'],
    ['WebM', Buffer.from('\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04', 'latin1'), 'video', 'video/webm'],
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'document', 'application/pdf'],
  ])('recognises %s', (_name, head, kind, mime) => {
    expect(sniffHead(head)).toMatchObject({ kind, mime });
  });

  it.each([
    ['a shell script', '#!/bin/sh\nrm -rf /\n'],
    ['HTML with a script', '<!doctype html><script>alert(1)</script>'],
    ['a bare script tag', '<script>alert(document.cookie)</script>'],
    ['SVG', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['a Windows executable', 'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff'],
    ['an ELF executable', '\x7fELF\x02\x01\x01\x00'],
    ['plain text', 'hello'],
    ['HEIC (an image container, not a video)', '\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic'],
    ['Matroska that is not WebM', '\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska'],
    ['nothing', ''],
  ])('refuses %s', (_name, text) => {
    expect(sniffHead(Buffer.from(text, 'latin1'))).toBeNull();
  });

  it('marks zips and compound files for a look inside', () => {
    expect(sniffHead(Buffer.from('PK\x03\x04\x14\x00', 'latin1'))).toMatchObject({ kind: 'document', confirm: 'ooxml' });
    expect(sniffHead(cfb(['WordDocument']))).toMatchObject({ kind: 'document', confirm: 'cfb' });
  });
});

describe('Office containers: confirmed by their entries, not by the zip or OLE signature', () => {
  it('accepts Word, Excel and PowerPoint Open XML by their main part', async () => {
    const types = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
    expect(await confirmOoxml(write(await zip({ '[Content_Types].xml': types, 'word/document.xml': '<w:document/>' }))))
      .toEqual({ mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' });
    expect(await confirmOoxml(write(await zip({ '[Content_Types].xml': types, 'xl/workbook.xml': '<workbook/>' }))))
      .toMatchObject({ ext: 'xlsx' });
    expect(await confirmOoxml(write(await zip({ '[Content_Types].xml': types, 'ppt/presentation.xml': '<p/>' }))))
      .toMatchObject({ ext: 'pptx' });
  });

  it('refuses any other zip, a zip naming only one of the two parts, a macro document, and a broken zip', async () => {
    expect(await confirmOoxml(write(await zip({ 'readme.txt': 'hi', 'run.sh': '#!/bin/sh' })))).toEqual({ refused: 'unsupported' });
    expect(await confirmOoxml(write(await zip({ 'word/document.xml': '<w/>' })))).toEqual({ refused: 'unsupported' });
    expect(await confirmOoxml(write(await zip({ '[Content_Types].xml': '<Types/>', 'AndroidManifest.xml': '<m/>' })))).toEqual({ refused: 'unsupported' });
    expect(await confirmOoxml(write(await zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>', 'word/vbaProject.bin': 'x' }))))
      .toEqual({ refused: 'macros' });
    expect(await confirmOoxml(write(Buffer.from('PK\x03\x04 and then nothing', 'latin1')))).toEqual({ refused: 'unsupported' });
  });

  it('accepts legacy Word and Excel by their root stream, refuses other compound files and macros', async () => {
    expect(await confirmCfb(write(cfb(['WordDocument', '1Table'])))).toEqual({ mime: 'application/msword', ext: 'doc' });
    expect(await confirmCfb(write(cfb(['Workbook'])))).toEqual({ mime: 'application/vnd.ms-excel', ext: 'xls' });
    expect(await confirmCfb(write(cfb(['SummaryInformation', 'Property'])))).toEqual({ refused: 'unsupported' });
    expect(await confirmCfb(write(cfb(['WordDocument', 'Macros'])))).toEqual({ refused: 'macros' });
    expect(await confirmCfb(write(cfb(['WordDocument']).subarray(0, 700)))).toEqual({ refused: 'unsupported' });
  });

  it('survives a compound file whose directory chain loops', async () => {
    const looped = cfb(['WordDocument']);
    looped.writeUInt32LE(1, 512 + 4); // the directory sector's FAT entry points at itself
    expect(await confirmCfb(write(looped))).toEqual({ mime: 'application/msword', ext: 'doc' });
  });
});
