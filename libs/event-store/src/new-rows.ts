import { randomUUID } from 'node:crypto';
import type { EventToAppend } from './event-store.port';

/** An event as the stores that keep JSON text (SQLite, PostgreSQL) write it. */
export interface NewRow {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/** Fixes each event's id (a fresh uuid when the writer gave none) and serialises its payload once. */
export function toNewRows(events: EventToAppend[]): NewRow[] {
  return events.map((event) => ({
    id: event.id ?? randomUUID(),
    type: event.type,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata ?? {}),
  }));
}
