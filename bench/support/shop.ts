import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PresignedRequest } from '@kios/dana-protocol';
import { isSuccessfulOrder, OrderFactory } from './create-order-requests';
import { storeWrites } from './event-store-writes';
import type { KiosChild } from './kios-child';
import { closedLoop, type PhaseResult } from './load';
import { type Span, sum } from './main-thread-cost';
import type { MainThreadReading, MainThreadTime } from './main-thread-time';

/** Orders in flight in every phase. */
export const CONCURRENCY = 64;
/** kios is done with a phase's orders (projections, follow-up) once a slice of its loop is this idle. */
const QUIET_SLICE_MS = 250;
const QUIET_UTILIZATION = 0.05;
const QUIET_MAX_MS = 10_000;

/** One kios, with its supplier, the orders it is sent and what each of its timed phases measured. */
export class Shop {
  readonly phases: Span[] = [];
  readonly orders: OrderFactory;
  /** The event store's commits and appends in kios's request process over the timed phases. */
  readonly writes = { commits: 0, appends: 0 };
  sent = 0;
  private elapsedMs = 0;

  constructor(
    readonly supplier: string,
    readonly kios: KiosChild,
  ) {
    this.orders = new OrderFactory(kios.client());
  }

  /** `count` orders, 64 in flight, every answer SUCCESS. */
  load(count: number): Promise<PhaseResult> {
    return this.send(this.presign(count));
  }

  /**
   * A timed phase: kios's main-thread busy time from the first order until it is quiet again, so
   * what it does for the orders after answering them (projections) counts too.
   */
  async timedPhase(count: number): Promise<Span> {
    const requests = this.presign(count);
    const writesBefore = await storeWrites(this.kios);
    const before = await this.kios.mainThread.read();
    const load = await this.send(requests);
    const after = await quietReading(this.kios.mainThread);
    const writesAfter = await storeWrites(this.kios);
    this.writes.commits += writesAfter.commits - writesBefore.commits;
    this.writes.appends += writesAfter.appends - writesBefore.appends;
    this.elapsedMs += (count / load.perSecond) * 1000;
    const phase: Span = {
      count,
      eluMs: performance.eventLoopUtilization(after.elu, before.elu).active,
      ...(after.cpuMs !== undefined && before.cpuMs !== undefined
        ? { cpuMs: after.cpuMs - before.cpuMs }
        : {}),
      ...(after.waitMs !== undefined && before.waitMs !== undefined
        ? { waitMs: after.waitMs - before.waitMs }
        : {}),
    };
    this.phases.push(phase);
    return phase;
  }

  /** One more order, outside the timed phases, its answer's signature checked. */
  verifyOne(): Promise<void> {
    this.sent += 1;
    return this.orders.verifyOne();
  }

  /** Orders per second over every timed phase. */
  get perSecond(): number {
    return sum(this.phases.map((phase) => phase.count)) / (this.elapsedMs / 1000);
  }

  private presign(count: number): PresignedRequest[] {
    this.sent += count;
    return this.orders.presign(count);
  }

  private send(requests: PresignedRequest[]): Promise<PhaseResult> {
    return closedLoop(
      { send: (request) => this.kios.send(request, isSuccessfulOrder) },
      requests,
      CONCURRENCY,
    );
  }
}

/** The reading at which a slice of QUIET_SLICE_MS was idle enough, or after QUIET_MAX_MS. */
export async function quietReading(mainThread: MainThreadTime): Promise<MainThreadReading> {
  const deadline = performance.now() + QUIET_MAX_MS;
  let last = await mainThread.read();
  for (;;) {
    await sleep(QUIET_SLICE_MS);
    const reading = await mainThread.read();
    const slice = performance.eventLoopUtilization(reading.elu, last.elu);
    if (slice.utilization < QUIET_UTILIZATION || performance.now() > deadline) return reading;
    last = reading;
  }
}
