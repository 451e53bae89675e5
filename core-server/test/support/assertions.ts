import { expect } from 'vitest';
import { LikenessApiError, unwrap } from '@likeness/sdk';

type ClientCall = Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Asserts that an SDK call fails with this HTTP status and error code, and returns the error. */
export async function rejects(request: ClientCall, status: number, code: string): Promise<LikenessApiError> {
  const err = await unwrap(request).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${status} ${code}`).toBeInstanceOf(LikenessApiError);
  const apiError = err as LikenessApiError;
  expect({ status: apiError.status, code: apiError.code }).toEqual({ status, code });
  return apiError;
}
