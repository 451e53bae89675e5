/** A file received into the data directory's temp folder, hashed while it streamed in. */
export interface TempFile {
  path: string;
  sha256: string;
  size: number;
}

/** An uploaded file: the caller owns the temp file and must move or discard it. */
export interface UploadedFile extends TempFile {
  fileName: string;
  declaredType: string;
}

export interface MultipartResult {
  file: UploadedFile;
  fields: Record<string, string>;
}
