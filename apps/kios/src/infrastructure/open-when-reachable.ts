import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import { hideUrlPassword } from '@kios/event-store';

/** Network failures that say the store is not there yet (a database starting, a network coming up). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  // PostgreSQL: the server is starting up or shutting down.
  '57P03',
]);
const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 5_000;

/** A store kios could not reach within KIOS_STARTUP_WAIT_MS: names it and its address (password hidden). */
export class StoreUnreachable extends Error {
  override readonly name = 'StoreUnreachable';
}

/**
 * Opens a store, trying again with backoff while it is unreachable, for `waitMs` at most: a
 * deployment may start kios before its database (README "Store faults at start"). Any other error
 * (a wrong URL, a refused password, a SQLite file that cannot be opened) fails at once.
 */
export async function openWhenReachable<T>(
  store: { role: 'event store' | 'read model'; url: string },
  open: () => Promise<T>,
  waitMs: number,
  logger: Pick<LoggerService, 'warn'>,
): Promise<T> {
  const address = `${store.role} ${hideUrlPassword(store.url)}`;
  const deadline = Date.now() + waitMs;
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LONGEST_RETRY_MS)) {
    try {
      return await open();
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const reason = (error as Error).message || (error as { code: string }).code;
      if (Date.now() + delay > deadline) {
        throw new StoreUnreachable(
          `${address} is unreachable after ${waitMs} ms (KIOS_STARTUP_WAIT_MS): ${reason}`,
        );
      }
      logger.warn(`${address} is unreachable (${reason}): trying again in ${delay} ms`);
      await sleep(delay);
    }
  }
}

function isUnreachable(error: unknown): boolean {
  for (let cause = error; cause !== null && typeof cause === 'object';) {
    const { code, errors } = cause as { code?: unknown; errors?: unknown };
    if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
    if (Array.isArray(errors) && errors.some(isUnreachable)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
