import { filterKey, type DisplayFilter } from './snapshots.ts';

/** Socket.io rooms; each room is one stream with its own sequence number. */
export const officeRoom = (officeId: string): string => `office:${officeId}`;
export const counterRoom = (counterId: string): string => `counter:${counterId}`;
export const displayRoom = (officeId: string, filter: DisplayFilter): string =>
  `${officeRoom(officeId)}:${filterKey(filter)}`;
