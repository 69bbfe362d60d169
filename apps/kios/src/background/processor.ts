import type { ProjectionLag } from '@kios/projections';

/**
 * A projection writes a read model from `$all`; a reactor acts on what it reads (calls DANA, asks
 * the supplier) and records the outcome as events (docs/architecture.md §1).
 */
export type ProcessorKind = 'projection' | 'reactor';

/** Where a processor is: its checkpoint and lag when it keeps one, the work it has waiting when it takes work from a read model. */
export interface ProcessorStatus {
  /** Position of the last event handled, as stored. */
  checkpoint?: string;
  lag?: ProjectionLag;
  pending?: { count: number; of: string };
}

/**
 * One piece of background work, as kios starts, stops and reports it (ProcessorsService,
 * docs/architecture.md §1 "Background processors").
 */
export interface Processor {
  /** Unique in kios; a projection's is its checkpoint's name. */
  readonly name: string;
  readonly kind: ProcessorKind;
  /** What it takes its work from: event types, or a read model. */
  readonly reads: string;
  /** Takes up where it was (its checkpoint or read model) and runs in the background. */
  start(): Promise<void>;
  /** Begins nothing new and lets the work under way finish (docs/architecture.md §4, on SIGTERM). */
  stop(): Promise<void>;
  /** Something worth a look happened: look now rather than at the next poll. */
  wakeUp(): void;
  status(): Promise<ProcessorStatus>;
}
