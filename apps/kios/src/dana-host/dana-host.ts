import { Inject, Injectable } from '@nestjs/common';
import type { DanaAnswer, DanaHostPort, PresignedRequest } from '@kios/dana-protocol';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

/**
 * DANA's host as kios calls it (KIOS_DANA_BASE_URL): the Order Complete Callback and Notify
 * Aggregator Product Status are POSTed here, and whatever came of each is brought back.
 */
@Injectable()
export class DanaHost implements DanaHostPort {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(@Inject(KIOS_CONFIG) config: KiosConfig) {
    this.baseUrl = config.danaBaseUrl.replace(/\/+$/, '');
    this.timeoutMs = config.callbackTimeoutMs;
  }

  /** Never throws: a network failure or a timeout is an answer too (`no_answer`). */
  async post(request: PresignedRequest): Promise<DanaAnswer> {
    try {
      const response = await fetch(`${this.baseUrl}${request.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: request.bodyText,
        // Covers reading the body too: an answer that starts and then stalls is no answer.
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { kind: 'answered', httpStatus: response.status, bodyText: await response.text() };
    } catch (error) {
      return { kind: 'no_answer', reason: this.describe(error) };
    }
  }

  private describe(error: unknown): string {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return `no answer from DANA within ${this.timeoutMs} ms`;
    }
    const cause =
      error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
    const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return `DANA could not be reached: ${why}`;
  }
}
