import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '@likeness/shared';
import type { MultipartResult, UploadedFile } from '../kernel/upload';
import type { FileStorage } from '../storage/file.storage';

/**
 * Streams one multipart file (field `file`) to a temp file with a size limit.
 * The caller owns the temp file and must move or discard it.
 */
export function receiveUpload(req: Request, storage: FileStorage, maxBytes: number): Promise<MultipartResult> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new AppError('unsupported_media_type', 'Send the file as multipart/form-data in a field named "file".'));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 10_000, parts: 25 } });
    } catch {
      return reject(new AppError('validation_failed', 'Malformed multipart request.'));
    }
    const fields: Record<string, string> = {};
    let pending: Promise<UploadedFile> | null = null;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      pending?.then((f) => storage.discard(f.path)).catch(() => undefined);
      reject(err);
    };
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(new AppError('validation_failed', `Unexpected file field "${name}"; use "file".`));
      }
      pending = storage.writeTemp(stream, maxBytes).then((t) => ({
        ...t,
        fileName: (info.filename || 'upload').slice(0, 255),
        declaredType: info.mimeType ?? '',
      }));
      pending.catch(fail);
    });
    parser.on('filesLimit', () => fail(new AppError('validation_failed', 'Send one file per request.')));
    parser.on('error', () => fail(new AppError('validation_failed', 'Malformed multipart request.')));
    parser.on('close', () => {
      if (failed) return;
      if (!pending) return fail(new AppError('validation_failed', 'No file in the field "file".'));
      pending.then((file) => resolve({ file, fields }), fail);
    });
    req.pipe(parser);
  });
}
