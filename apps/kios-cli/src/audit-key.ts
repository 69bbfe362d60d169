import { createPublicKey, type KeyObject } from 'node:crypto';
import { auditSigningKey } from '@kios/config';
import type { CliContext } from './cli-context';

/**
 * The public half of the key anchors are signed with, found as kios finds it (KIOS_AUDIT_KEY_FILE,
 * the merchant key, the dev key); undefined when none is configured: verify then reports every
 * anchor it cannot check, and a store without anchors still verifies.
 */
export function auditPublicKey(context: CliContext): KeyObject | undefined {
  const key = auditSigningKey(context.settings);
  return key && createPublicKey(key);
}
