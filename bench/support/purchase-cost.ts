import { performance } from 'node:perf_hooks';
import type { PurchaseRequest, Supplier } from '@kios/fulfillment';
import type { Span } from './main-thread-cost';
import { mainThreadSchedulerTimes } from './main-thread-time';

/**
 * Calls `supplier.purchase` for every request, `concurrency` at a time, in this process, and
 * answers what that took of this process's main thread: an adapter measured alone, without the
 * rest of a Create Order around it. Every purchase must succeed.
 */
export async function purchaseCost(
  supplier: Supplier,
  requests: PurchaseRequest[],
  concurrency: number,
): Promise<Span> {
  let next = 0;
  const cpuBefore = mainThreadSchedulerTimes()?.cpuMs;
  const eluBefore = performance.eventLoopUtilization();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const request = requests[next];
        next += 1;
        const outcome = await supplier.purchase(request);
        if (outcome.status !== 'succeeded') {
          throw new Error(`purchase ${request.supplierRef} came to ${JSON.stringify(outcome)}`);
        }
      }
    }),
  );
  const eluMs = performance.eventLoopUtilization(eluBefore).active;
  const cpuAfter = mainThreadSchedulerTimes()?.cpuMs;
  return {
    count: requests.length,
    eluMs,
    ...(cpuBefore === undefined || cpuAfter === undefined ? {} : { cpuMs: cpuAfter - cpuBefore }),
  };
}
