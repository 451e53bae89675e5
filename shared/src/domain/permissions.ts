import { z } from 'zod';
import { PERMISSIONS } from './access';

export * from './access';
export const PermissionSchema = z.enum(PERMISSIONS).meta({ id: 'Permission' });
