import type { FastifyRequest } from 'fastify';
import { fail } from './errors';

/** Reads the one uploaded file of a small form (an import sheet) into memory, within a size limit. */
export async function readSmallUpload(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!req.isMultipart()) throw fail(400, 'import.file_required', {}, 'file');
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part || part.fieldname !== 'file') throw fail(400, 'import.file_required', {}, 'file');
  const data = await part.toBuffer();
  return data;
}
