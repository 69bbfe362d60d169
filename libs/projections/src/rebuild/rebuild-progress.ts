import type { Position } from '@kios/event-store';

export type RebuildPhase = 'replaying' | 'switching' | 'done';

/** Where a rebuild stands, for a progress bar. */
export interface RebuildProgress {
  phase: RebuildPhase;
  projections: readonly string[];
  /** Events read from the store by this run. */
  eventsDone: number;
  /** Estimated events this run reads in all (the store keeps growing); undefined until there is a basis. */
  eventsTotal?: number;
  elapsedMs: number;
}

/**
 * Estimates how many events a run will read from positions: the store has no count, but positions
 * grow with the log (SQLite's are sequence numbers, so the estimate is exact there; KurrentDB's are
 * log offsets, so it is close).
 */
export class EventCountEstimate {
  private head?: Position;

  constructor(private readonly start: Position | undefined) {}

  /** The store's head as last seen; the estimate grows with it while live traffic appends. */
  headIs(head: Position | undefined): void {
    this.head = head;
  }

  total(eventsDone: number, reached: Position | undefined): number | undefined {
    if (!this.head) return eventsDone;
    const origin = this.start?.commit ?? 0n;
    if (!reached || reached.commit <= origin) return undefined;
    const travelled = Number(reached.commit - origin);
    const remaining = Number(this.head.commit > reached.commit ? this.head.commit - reached.commit : 0n);
    return eventsDone + Math.round((remaining * eventsDone) / travelled);
  }
}
