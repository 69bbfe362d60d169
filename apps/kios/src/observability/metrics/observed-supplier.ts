import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { Supplier } from '@kios/fulfillment';
import type { KiosMetrics } from './kios-metrics';
import { withMethods } from './with-methods';

type Operation = keyof Supplier;

/**
 * The supplier with every call timed by operation and outcome (the answer's status, or `error`
 * when the call failed). A call its caller stopped waiting for (Create Order's supplier budget) is
 * counted when it finally answers. The adapter keeps its other members, `close` included.
 */
export function observeSupplier<S extends Supplier>(supplier: S, metrics: KiosMetrics): S {
  const logger = new Logger('Supplier');
  async function timed<T extends { status: string }>(
    operation: Operation,
    call: () => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    let outcome = 'error';
    try {
      const answer = await call();
      outcome = answer.status;
      return answer;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.supplierCalls.observe({ operation, outcome }, seconds);
      logger.debug(`${operation}: ${outcome} in ${(seconds * 1000).toFixed(0)} ms`);
    }
  }
  const observed: Supplier = {
    inquire: (request) => timed('inquire', () => supplier.inquire(request)),
    purchase: (request) => timed('purchase', () => supplier.purchase(request)),
    checkStatus: (request) => timed('checkStatus', () => supplier.checkStatus(request)),
    checkAccount: (request) => timed('checkAccount', () => supplier.checkAccount(request)),
  };
  return withMethods(supplier, observed as Partial<S>);
}
