import { User, UserCreate, UserPatch } from '@numerek/shared';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import type { App } from '../../http/types.ts';
import type { UserService } from './user.service.ts';

export function userRoutes(app: App, users: UserService): void {
  adminCrudRoutes(
    app,
    'users',
    {
      item: User,
      create: UserCreate,
      patch: UserPatch,
      tags: ['users'],
      summaries: { patch: 'Edit, reset the password, change the role or deactivate' },
    },
    users,
  );
}
