import type { PresignedRequest } from '../signature/signed-request';
import type { DanaAnswer } from './dana-answer';

/**
 * DANA's host as kios calls it (docs/dana-protocol.md §3.5, §3.6): a signed request is POSTed and
 * whatever came of it is brought back. The app provides it under DANA_HOST (KIOS_DANA_BASE_URL).
 */
export interface DanaHostPort {
  /** Never throws: a network failure or a timeout is an answer too (`no_answer`). */
  post(request: PresignedRequest): Promise<DanaAnswer>;
}

export const DANA_HOST = Symbol('DANA_HOST');
