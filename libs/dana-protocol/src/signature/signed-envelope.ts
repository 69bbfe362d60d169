import type { KeyObject } from 'node:crypto';
import { signText, type EnvelopeMember } from './dana-signature';

/**
 * Builds `{"<member>":S,"signature":"<sig>"}` where S is serialised ONCE and the signature is over
 * exactly S (SPEC §2.5, §2.6): splicing instead of re-serialising guarantees the receiver sees the
 * very characters that were signed.
 */
export function signedEnvelope(member: EnvelopeMember, content: object, privateKey: KeyObject): string {
  const text = JSON.stringify(content);
  return `{"${member}":${text},"signature":"${signText(text, privateKey)}"}`;
}
