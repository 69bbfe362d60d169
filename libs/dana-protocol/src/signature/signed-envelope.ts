import type { KeyObject } from 'node:crypto';
import { signText, signTextAsync, type EnvelopeMember } from './dana-signature';

/**
 * Builds `{"<member>":S,"signature":"<sig>"}` where S is serialised ONCE and the signature is over
 * exactly S (docs/dana-protocol.md §2.5, §2.6): splicing instead of re-serialising guarantees the receiver sees the
 * very characters that were signed.
 */
export function signedEnvelope(member: EnvelopeMember, content: object, privateKey: KeyObject): string {
  const text = JSON.stringify(content);
  return spliced(member, text, signText(text, privateKey));
}

/** `signedEnvelope` with the RSA work off the JavaScript thread (see dana-signature.ts); the same text. */
export async function signedEnvelopeAsync(
  member: EnvelopeMember,
  content: object,
  privateKey: KeyObject,
): Promise<string> {
  const text = JSON.stringify(content);
  return spliced(member, text, await signTextAsync(text, privateKey));
}

function spliced(member: EnvelopeMember, text: string, signatureBase64: string): string {
  return `{"${member}":${text},"signature":"${signatureBase64}"}`;
}
