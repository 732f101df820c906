import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError, fail } from './errors';
import { refuseDeepJson } from './json-depth';

/** Reads the one uploaded file of a small form (an import sheet) into memory, within a size limit. */
export async function readSmallUpload(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!req.isMultipart()) throw fail(400, 'import.file_required', {}, 'file');
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part || part.fieldname !== 'file') throw fail(400, 'import.file_required', {}, 'file');
  const data = await part.toBuffer();
  return data;
}

/**
 * An import's confirmation: the sheet in field `file` and a few small text fields (e.g. the
 * office's choices per row), in any order. The text fields are optional.
 */
export async function readSmallUploadWithFields(req: FastifyRequest, maxBytes: number, fieldNames: readonly string[]): Promise<{ data: Buffer; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw fail(400, 'import.file_required', {}, 'file');
  const fields: Record<string, string> = {};
  let data: Buffer | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: fieldNames.length, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw fail(400, 'import.file_required', {}, 'file');
        data = await part.toBuffer();
      } else {
        if (!fieldNames.includes(part.fieldname)) throw fail(400, 'media.unknown_field', {}, part.fieldname);
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (e) {
    // Too large a file is answered as by readSmallUpload (the parser's own 413).
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw e;
    throw multipartError(e, () => fail(400, 'import.file_required', {}, 'file'));
  }
  if (!data) throw fail(400, 'import.file_required', {}, 'file');
  return { data, fields };
}

export interface StreamedUpload<T> {
  /** The text fields, by name; each named at most once. */
  fields: Record<string, string>;
  /** What `receive` made of the file (for media: a temp file on disk). */
  file: T;
  /** The name the sender gave; for display only. */
  filename: string;
}

/**
 * Reads a form of a few text fields and one file in field `file`, in whatever order the browser
 * sends them, handing the file's stream to `receive` as it arrives: the file is never held in
 * memory, and `receive` may stop reading (a size limit, a refused type) at any byte. Whatever
 * `receive` produced is handed to `discard` if the form turns out bad after it.
 */
export async function readStreamedUpload<T>(req: FastifyRequest, opts: {
  fieldNames: readonly string[];
  /** The multipart parser's own cap, above which it stops reading the file. */
  maxFileBytes: number;
  receive: (file: Readable, filename: string) => Promise<T>;
  discard: (received: T) => Promise<void>;
  tooLarge: () => AppError;
}): Promise<StreamedUpload<T>> {
  if (!req.isMultipart()) throw fail(400, 'media.file_required', {}, 'file');
  const fields: Record<string, string> = {};
  let received: { value: T; filename: string } | undefined;
  try {
    const parts = req.parts({
      // A few bytes past the cap, so the receiver sees the overflow itself and says which limit it broke.
      limits: { fileSize: opts.maxFileBytes + 1, files: 1, fields: opts.fieldNames.length + 4, fieldSize: 1024, parts: opts.fieldNames.length + 5 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw fail(400, 'media.unexpected_file', {}, part.fieldname);
        const value = await opts.receive(part.file, part.filename);
        received = { value, filename: part.filename };
        if (part.file.truncated) throw opts.tooLarge();
      } else {
        if (!opts.fieldNames.includes(part.fieldname)) throw fail(400, 'media.unknown_field', {}, part.fieldname);
        if (Object.prototype.hasOwnProperty.call(fields, part.fieldname)) throw fail(400, 'field.duplicate_in_form', {}, part.fieldname);
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (e) {
    if (received) await opts.discard(received.value);
    throw multipartError(e, opts.tooLarge);
  }
  if (!received) throw fail(400, 'media.file_required', {}, 'file');
  return { fields, file: received.value, filename: received.filename };
}

/** The multipart parser's own refusals, in our shape and naming the field where there is one. */
function multipartError(e: unknown, tooLarge: () => AppError): unknown {
  if (e instanceof AppError) return e;
  switch ((e as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE': return tooLarge();
    case 'FST_FILES_LIMIT': return fail(400, 'media.unexpected_file', {}, 'file');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT': return fail(400, 'media.unknown_field', {}, '(body)');
    default:
      // The form parser's own complaints (a truncated body, a missing boundary, a bad part
      // header) carry neither a status nor an errno; a failing disk carries an errno and stays a 500.
      if (e instanceof Error && !('errno' in e) && (e as { statusCode?: number }).statusCode === undefined) return fail(400, 'upload.malformed', {}, '(body)');
      return e;
  }
}

/**
 * Reads a form of one JSON field followed by up to `maxFiles` files in field `file` (a public
 * report with its photos). The JSON must come first and is checked (`check`: the proof of work,
 * the receipt, the small fields) before a byte of any file is read, so a bad form is refused at
 * the cost of its JSON. Each file is then handed to `receive` as it streams in; `receive` should
 * only store it (a size cap, a type judged by its first bytes) and leave the expensive work to the
 * caller, once the whole form has arrived. Anything received is handed to `discard` when the form
 * fails later.
 */
export async function readJsonWithFiles<T>(req: FastifyRequest, opts: {
  jsonField: string;
  maxFiles: number;
  maxFileBytes: number;
  receive: (file: Readable) => Promise<T>;
  discard: (received: T) => Promise<void>;
  tooLarge: () => AppError;
  /** Checks the JSON before any file is read; throws to refuse the form. */
  check: (json: unknown) => void | Promise<void>;
}): Promise<{ json: unknown; files: T[] }> {
  const files: T[] = [];
  let json: unknown;
  let seenJson = false;
  try {
    const parts = req.parts({
      limits: { fileSize: opts.maxFileBytes + 1, files: opts.maxFiles, fields: 1, fieldSize: 64 * 1024, parts: opts.maxFiles + 1 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname !== opts.jsonField || seenJson) throw fail(400, 'media.unknown_field', {}, part.fieldname);
        try {
          json = JSON.parse(String(part.value));
        } catch {
          throw fail(400, 'request.invalid', {}, opts.jsonField);
        }
        refuseDeepJson(json, opts.jsonField);
        seenJson = true;
        await opts.check(json);
        continue;
      }
      if (!seenJson) throw fail(400, 'upload.json_first', { field: opts.jsonField }, opts.jsonField);
      if (part.fieldname !== 'file') throw fail(400, 'media.unexpected_file', {}, part.fieldname);
      const value = await opts.receive(part.file);
      files.push(value);
      if (part.file.truncated) throw opts.tooLarge();
    }
    if (!seenJson) throw fail(400, 'upload.json_first', { field: opts.jsonField }, opts.jsonField);
  } catch (e) {
    await Promise.all(files.map((f) => opts.discard(f)));
    const code = (e as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw fail(400, 'upload.too_many_files', { max: opts.maxFiles }, 'file');
    throw multipartError(e, opts.tooLarge);
  }
  return { json, files };
}
