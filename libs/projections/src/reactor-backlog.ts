import type { DataSource } from 'typeorm';
import { CallbackOutbox } from './callback-outbox/callback-outbox.read-model';
import { FulfilmentFollowUpReadModel } from './fulfilment-follow-up/fulfilment-follow-up.read-model';

/**
 * The work a reactor has waiting in its read model (docs/architecture.md §1 "Background
 * processors"), read the same way by the reactor's own status (/metrics) and by
 * `kios-cli processors status`, which runs outside kios.
 */
export interface ReactorBacklog {
  count: number;
  of: string;
}

export const CALLBACK_DISPATCHER = 'callback_dispatcher';
export const FULFILMENT_FOLLOW_UP = 'fulfilment_follow_up';

/** When the fulfilment follow-up first looks at an order (KIOS_SUPPLIER_BUDGET_MS, KIOS_FULFILMENT_FIRST_CHECK_MS). */
export interface FollowUpStart {
  createOrderBudgetMs: number;
  firstCheckMs: number;
}

/** A `requested` order younger than this is still in the hands of its Create Order. */
export function stalledBefore(now: Date, start: FollowUpStart): Date {
  return new Date(now.getTime() - start.createOrderBudgetMs - start.firstCheckMs);
}

export async function dueCallbacks(outbox: CallbackOutbox, now: Date): Promise<ReactorBacklog> {
  return { count: await outbox.countDue(now), of: 'due callbacks' };
}

export async function ordersAwaitingCheck(
  openFulfilments: FulfilmentFollowUpReadModel,
  now: Date,
  start: FollowUpStart,
): Promise<ReactorBacklog> {
  return {
    count: (await openFulfilments.open(stalledBefore(now, start))).length,
    of: 'orders awaiting a check',
  };
}

/** The backlog of the reactor named `name`, read from the read model; undefined for a reactor that has none there. */
export function reactorBacklog(
  name: string,
  readModel: DataSource,
  now: Date,
  start: FollowUpStart,
): Promise<ReactorBacklog> | undefined {
  if (name === CALLBACK_DISPATCHER) return dueCallbacks(new CallbackOutbox(readModel), now);
  if (name === FULFILMENT_FOLLOW_UP)
    return ordersAwaitingCheck(new FulfilmentFollowUpReadModel(readModel), now, start);
  return undefined;
}
