/**
 * Every error the API can answer with. The HTTP status lives here, next to the code,
 * so that the mapping is defined exactly once for server, SDK and docs.
 */
export const ERROR_HTTP_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_cursor: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_file: 422,
  image_too_large: 422,
  /** A video over the server's limits: frame size (MAX_VIDEO_MEGAPIXELS) or length (MAX_VIDEO_MINUTES). */
  video_too_large: 422,
  channel_unknown: 422,
  /** A webhook URL that is, or resolves to, a loopback, private, link-local or metadata address. */
  webhook_target_refused: 422,
  person_in_use: 409,
  /** A basis other than consent on a file where a tagged person withdrew, without an explicit override and reason. */
  withdrawal_override_required: 409,
  /** The terms of a digitally signed agreement (or one with sealed evidence) cannot be edited, only withdrawn. */
  agreement_sealed: 409,
  /** Staff cannot record a `digital` agreement: only a person's own signature on a consent request makes one. */
  digital_requires_signature: 422,
  /** Switching face matching off erases every embedding: the request must say so (confirmEraseFaceData). */
  face_data_erase_unconfirmed: 409,
  /** A use declared for a channel the file is not approved for. */
  not_approved: 409,
  /** A data-subject export still being built. */
  export_not_ready: 409,
  /** A data-subject export past its expiry: its zip is gone, start a new one. */
  export_expired: 410,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_HTTP_STATUS;
export const ERROR_CODES = Object.keys(ERROR_HTTP_STATUS) as [ErrorCode, ...ErrorCode[]];

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return ERROR_HTTP_STATUS[this.code];
  }
}
