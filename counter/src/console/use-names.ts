import type { Category, Counter, Device, User } from '@numerek/shared';
import { nameIn } from '../i18n.ts';
import type { Names } from './event-details.ts';
import { useResource } from './forms.tsx';
import { useWords } from './words.ts';

/** The office's categories, counters, devices and staff by name, for the details of events and entries. */
export function useNames(): Names {
  const { lang } = useWords();
  const categories = useResource<Category[]>('/api/admin/categories');
  const counters = useResource<Counter[]>('/api/admin/counters');
  const devices = useResource<Device[]>('/api/admin/devices');
  const users = useResource<User[]>('/api/admin/users');
  return {
    category: (id) => {
      const c = categories.data?.find((x) => x.id === id);
      return c ? `${c.prefix} – ${nameIn(c.names, lang)}` : null;
    },
    counter: (id) => counters.data?.find((x) => x.id === id)?.name ?? null,
    device: (id) => devices.data?.find((x) => x.id === id)?.name ?? null,
    user: (id) => users.data?.find((x) => x.id === id)?.displayName ?? null,
  };
}
