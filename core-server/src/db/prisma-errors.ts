import { AppError } from '@likeness/shared';
import type { PersistenceErrors } from '../kernel/errors';

const codeOf = (err: unknown) => (typeof err === 'object' && err !== null ? (err as { code?: string }).code : undefined);

/** Prisma's error codes, told as AppErrors: the kernel's persistence-error port. */
export const prismaErrors: PersistenceErrors = {
  toAppError(err) {
    const code = codeOf(err);
    if (code === 'P2025') return new AppError('not_found', 'The record does not exist (any more).');
    if (code === 'P2002') return new AppError('conflict', 'That would duplicate an existing record.');
    if (code === 'P2003') return new AppError('conflict', 'The record is referenced by, or refers to, something that does not exist.');
    return null;
  },
  isUniqueViolation: (err) => codeOf(err) === 'P2002',
};
