import { Inject, Injectable } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import { LogScope, logScopes } from './log-scope';
import { ROOT_LOGGER } from './root-logger';

export interface LogFields {
  reqMsgId?: string;
  function?: string;
  requestId?: string;
  requestIds?: string[];
  orderId?: string;
}

/**
 * Fields every later line of a piece of work carries (LogScope). A request has its scope from
 * RequestLogging; work for one order outside any request (the fulfilment follow-up, the Order
 * Complete Callback) gets the same through `run`, so an operator finds every line of an order by
 * its requestId field whichever part of kios wrote it.
 */
@Injectable()
export class LogContext {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Pino) {}

  /** Adds to the request being handled, including its "request completed" line; outside one, a no-op. */
  assign(fields: LogFields): void {
    const scope = logScopes.getStore();
    if (scope === undefined) return;
    const defined = definedFields(fields);
    if (Object.keys(defined).length > 0) scope.assign(defined);
  }

  /** Runs `work` with `fields` on every line it logs, beside those of the context it started in. */
  run<T>(fields: LogFields, work: () => Promise<T>): Promise<T> {
    const parent = logScopes.getStore()?.logger ?? this.root;
    return logScopes.run(new LogScope(parent, definedFields(fields)), work);
  }
}

function definedFields(fields: LogFields): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
