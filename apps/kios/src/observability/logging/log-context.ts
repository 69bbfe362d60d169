import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';

export interface LogFields {
  reqMsgId?: string;
  function?: string;
  requestId?: string;
  requestIds?: string[];
  orderId?: string;
}

/**
 * Fields every later line of a piece of work carries. nestjs-pino keeps the logger of the request
 * being handled in an AsyncLocalStorage, so code deep inside a handler logs with them without
 * passing anything along; work for one order outside any request (the fulfilment follow-up, the
 * Order Complete Callback) gets the same through `run`, so an operator finds every line of an
 * order by its requestId field whichever part of kios wrote it.
 */
@Injectable()
export class LogContext {
  constructor(private readonly logger: PinoLogger) {}

  /** Adds to the request being handled, including pino-http's "request completed" line; outside one, a no-op. */
  assign(fields: LogFields): void {
    if (storage.getStore() === undefined) return;
    const defined = definedFields(fields);
    if (Object.keys(defined).length > 0) this.logger.assign(defined);
  }

  /** Runs `work` with `fields` on every line it logs, beside those of the context it started in. */
  run<T>(fields: LogFields, work: () => Promise<T>): Promise<T> {
    return storage.run(new Store(this.logger.logger.child(definedFields(fields))), work);
  }
}

function definedFields(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
