import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as Pino } from 'pino';

/**
 * The fields every line of a piece of work carries (a request, or work for one order outside any
 * request), kept in an AsyncLocalStorage so code deep inside a handler logs with them without
 * passing anything along. The child logger carrying them is made on the first line logged, and
 * again only after the fields change: most requests log one line, their last (`completed`).
 */
export class LogScope {
  private child: Pino | undefined;

  constructor(
    private readonly parent: Pino,
    private fields: Record<string, unknown>,
  ) {}

  get logger(): Pino {
    return (this.child ??= this.parent.child(this.fields));
  }

  assign(fields: Record<string, unknown>): void {
    this.fields = { ...this.fields, ...fields };
    this.child = undefined;
  }

  /** Logs `message` with the scope's fields and `details` in one object, making no child logger. */
  write(level: 'info' | 'warn' | 'error', details: Record<string, unknown>, message: string): void {
    this.parent[level]({ ...this.fields, ...details }, message);
  }
}

export const logScopes = new AsyncLocalStorage<LogScope>();
