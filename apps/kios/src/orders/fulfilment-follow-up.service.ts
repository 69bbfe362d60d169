import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { firstCheckAt, FollowUpFulfilment, type FollowUpSchedule, nextCheckAt } from '@kios/ordering';
import {
  FULFILMENT_FOLLOW_UP,
  FulfilmentFollowUpReadModel,
  fulfilmentFollowUpProjection,
  type OpenFulfilment,
  ordersAwaitingCheck,
  stalledBefore,
} from '@kios/projections';
import { DataSource } from 'typeorm';
import { BackgroundLoop } from '../background/background-loop';
import type { Processor, ProcessorStatus } from '../background/processor';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { LogContext } from '../observability/logging/log-context';

/** How often the open orders are looked at; each one is checked on its own schedule. */
const TICK_MS = 200;
/** At most this many orders are followed at once, so a backlog cannot flood the supplier. */
const MAX_STEPS_IN_FLIGHT = 16;

/**
 * The fulfilment follow-up (docs/architecture.md §1, §4 steps 3–4): takes the unsettled orders from the
 * `fulfilment_followup` projection (fed from the event store, so it resumes after a restart) and
 * runs a FollowUpFulfilment step for each one that is due, with exponential backoff between checks.
 * The backoff is this process's own bookkeeping, not a fact: after a restart every open order is
 * simply checked once more.
 */
@Injectable()
export class FulfilmentFollowUpService implements Processor {
  readonly name = FULFILMENT_FOLLOW_UP;
  readonly kind = 'reactor';
  readonly reads = `the ${fulfilmentFollowUpProjection.name} read model`;
  private readonly logger = new Logger('FulfilmentFollowUp');
  private readonly openFulfilments: FulfilmentFollowUpReadModel;
  private readonly schedule: FollowUpSchedule;
  private readonly checks = new Map<string, { done: number; dueAt: Date }>();
  private readonly steps = new Map<string, Promise<void>>();
  private readonly loop = new BackgroundLoop(() => this.pollAndWait());

  constructor(
    private readonly commands: CommandBus,
    dataSource: DataSource,
    @Inject(KIOS_CONFIG) config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logContext: LogContext,
  ) {
    this.openFulfilments = new FulfilmentFollowUpReadModel(dataSource);
    this.schedule = {
      firstCheckMs: config.fulfilmentFirstCheckMs,
      maxIntervalMs: config.fulfilmentMaxCheckIntervalMs,
      createOrderBudgetMs: config.supplierBudgetMs,
    };
  }

  async start(): Promise<void> {
    this.loop.start();
  }

  /** Ends the look under way, then lets the steps it started finish (each is bounded by the supplier's timeout). */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.steps.values());
  }

  wakeUp(): void {
    this.loop.wakeUp();
  }

  async status(): Promise<ProcessorStatus> {
    return { pending: await ordersAwaitingCheck(this.openFulfilments, this.clock.now(), this.schedule) };
  }

  private async pollAndWait(): Promise<number> {
    await this.poll();
    return TICK_MS;
  }

  private async poll(): Promise<void> {
    try {
      const now = this.clock.now();
      const open = await this.openFulfilments.open(stalledBefore(now, this.schedule));
      this.forgetSettled(open);
      for (const fulfilment of open) {
        if (!this.loop.running || this.steps.size >= MAX_STEPS_IN_FLIGHT) break;
        if (this.steps.has(fulfilment.requestId) || this.dueAt(fulfilment) > now) continue;
        const step = this.logContext
          .run({ requestId: fulfilment.requestId }, () => this.step(fulfilment))
          .finally(() => this.steps.delete(fulfilment.requestId));
        this.steps.set(fulfilment.requestId, step);
      }
    } catch (error) {
      this.logger.warn(`could not look for unsettled orders: ${(error as Error).message}`);
    }
  }

  private dueAt(fulfilment: OpenFulfilment): Date {
    return this.checks.get(fulfilment.requestId)?.dueAt ?? firstCheckAt(fulfilment, this.schedule);
  }

  private async step(fulfilment: OpenFulfilment): Promise<void> {
    const { requestId } = fulfilment;
    const done = (this.checks.get(requestId)?.done ?? 0) + 1;
    let flagged = fulfilment.flaggedForOperator;
    try {
      const result = await this.commands.execute(new FollowUpFulfilment(requestId, fulfilment.causation));
      if (result.settled) {
        // Its row leaves the projection shortly; until then it is not checked again.
        const later = new Date(this.clock.now().getTime() + this.schedule.maxIntervalMs);
        this.checks.set(requestId, { done, dueAt: later });
        return;
      }
      flagged = result.flaggedForOperator;
    } catch (error) {
      this.logger.warn(`order ${requestId}: follow-up step failed, will retry: ${(error as Error).message}`);
    }
    this.checks.set(requestId, { done, dueAt: nextCheckAt(done, flagged, this.clock.now(), this.schedule) });
  }

  /** Orders gone from the projection are final: their schedule goes too. */
  private forgetSettled(open: OpenFulfilment[]): void {
    const stillOpen = new Set(open.map((fulfilment) => fulfilment.requestId));
    for (const requestId of this.checks.keys()) {
      if (!stillOpen.has(requestId)) this.checks.delete(requestId);
    }
  }
}
