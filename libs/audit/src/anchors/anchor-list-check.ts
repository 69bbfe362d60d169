import type { KeyObject } from 'node:crypto';
import {
  type Anchor,
  anchorHash,
  anchorOf,
  anchorSignatureValid,
  ANCHOR_STREAM,
  canonicalAnchor,
  type EventStore,
  keyIdOf,
  UnreadableAnchor,
} from '@kios/event-store';

/**
 * The public keys anchors may be signed with: the audit key's first, then earlier audit keys
 * (KIOS_AUDIT_EARLIER_KEYS_FILE) so anchors signed before a key change still verify; empty when no
 * key is configured.
 */
export type AuditKeys = readonly KeyObject[];

/** A finding about the anchors themselves: an anchor edited, removed, unreadable or signed by another key. */
export interface AnchorFinding {
  /** The anchor's number (its `sequence`), when it has one. */
  sequence?: bigint;
  text: string;
}

/** The anchors stream as stored, each anchor with what it was found to be. */
export interface StoredAnchors {
  anchors: Anchor[];
  /** Anchors whose signature holds: only these are trusted to judge the log. */
  signed: Set<Anchor>;
  findings: AnchorFinding[];
}

/** Reads ANCHOR_STREAM as stored; an unreadable anchor is a finding, not a crash. */
export async function readStoredAnchors(
  stored: EventStore,
): Promise<{ anchors: Anchor[]; findings: AnchorFinding[] }> {
  const anchors: Anchor[] = [];
  const findings: AnchorFinding[] = [];
  for (const event of await stored.readStream(ANCHOR_STREAM)) {
    try {
      anchors.push(anchorOf(event));
    } catch (error) {
      if (!(error instanceof UnreadableAnchor)) throw error;
      findings.push({ text: `anchor unreadable: ${error.message}` });
    }
  }
  return { anchors, findings };
}

/**
 * The rules a list of anchors keeps (issue 21): each signed by the audit key, numbered 0, 1, 2, …
 * without a gap, each naming the hash of the one before it, where that one ended and the running
 * total of events. `source` says where the list came from ("the store", "the kept copy").
 */
export function checkAnchorList(anchors: readonly Anchor[], keys: AuditKeys, source: string): StoredAnchors {
  const signed = new Set<Anchor>();
  const findings: AnchorFinding[] = [];
  let previous: Anchor | undefined;
  for (const [index, anchor] of anchors.entries()) {
    const sequence = BigInt(anchor.sequence);
    const found = (text: string) =>
      findings.push({ sequence, text: `anchor #${sequence} in ${source}: ${text}` });
    const untrusted = signatureFinding(anchor, keys);
    if (untrusted === undefined) signed.add(anchor);
    else found(untrusted);
    if (sequence !== BigInt(index)) {
      found(
        sequence === BigInt(index) + 1n
          ? `anchor #${index} is missing before it`
          : sequence > BigInt(index)
            ? `anchors #${index} to #${sequence - 1n} are missing before it`
            : `numbered out of order: anchor #${index} was expected here`,
      );
    }
    const expectedPreviousHash = previous ? anchorHash(previous) : null;
    if (anchor.previousAnchorHash !== expectedPreviousHash) {
      found(
        previous
          ? `names previous anchor hash ${String(anchor.previousAnchorHash)}, but anchor #${previous.sequence} hashes to ${expectedPreviousHash}`
          : `names a previous anchor (${anchor.previousAnchorHash}) but is the first one`,
      );
    }
    if (previous && anchor.previousPosition !== previous.position) {
      found(
        `starts after position ${String(anchor.previousPosition)}, but anchor #${previous.sequence} ended at ${previous.position}`,
      );
    }
    const expectedTotal = (previous ? BigInt(previous.totalEventCount) : 0n) + BigInt(anchor.eventCount);
    if (BigInt(anchor.totalEventCount) !== expectedTotal) {
      found(
        `counts ${anchor.totalEventCount} events in all, but its predecessors and its own ${anchor.eventCount} make ${expectedTotal}`,
      );
    }
    previous = anchor;
  }
  return { anchors: [...anchors], signed, findings };
}

/** Why an anchor cannot be trusted (no key, another key, a signature that fails), or undefined when its signature holds. */
export function signatureFinding(anchor: Anchor, keys: AuditKeys): string | undefined {
  if (keys.length === 0) {
    return 'its signature cannot be checked: no audit key is configured (KIOS_AUDIT_KEY_FILE)';
  }
  const key = keys.find((candidate) => keyIdOf(candidate) === anchor.keyId);
  if (key === undefined) {
    return `signed by key ${anchor.keyId}, neither the audit key ${keyIdOf(keys[0])} nor an earlier one (KIOS_AUDIT_EARLIER_KEYS_FILE); its signature cannot be checked`;
  }
  return anchorSignatureValid(anchor, key)
    ? undefined
    : 'signature invalid: the anchor was changed after it was signed';
}

/**
 * The store's anchors held against a copy kept outside kios (`kios-cli anchors export`): every kept
 * anchor the store lacks (the anchors stream was cut, or a backup predates it) and every one that
 * differs. Anchors the store has beyond the copy are newer than the export: not a finding.
 */
export function compareWithKeptCopy(stored: readonly Anchor[], kept: readonly Anchor[]): AnchorFinding[] {
  const findings: AnchorFinding[] = [];
  const storedBySequence = new Map(stored.map((anchor) => [anchor.sequence, anchor]));
  const lastStored = stored.at(-1);
  const missing = kept.filter((anchor) => !storedBySequence.has(anchor.sequence));
  if (missing.length > 0) {
    const first = missing[0];
    const last = missing.at(-1)!;
    findings.push({
      sequence: BigInt(first.sequence),
      text:
        `the store lacks ${missing.length} ${missing.length === 1 ? 'anchor' : 'anchors'} of the kept copy: ` +
        `#${first.sequence}${missing.length > 1 ? ` to #${last.sequence}` : ''} (covering the log up to position ${last.position}, ` +
        `${last.totalEventCount} events in all); the store's anchors stream ends ` +
        (lastStored
          ? `at anchor #${lastStored.sequence} (position ${lastStored.position})`
          : 'before its first anchor (it is empty)'),
    });
  }
  for (const anchor of kept) {
    const mine = storedBySequence.get(anchor.sequence);
    if (mine && canonicalAnchor(mine) !== canonicalAnchor(anchor)) {
      findings.push({
        sequence: BigInt(anchor.sequence),
        text: `anchor #${anchor.sequence} in the store differs from the kept copy (kept: position ${anchor.position}, ${anchor.eventCount} events, log hash ${anchor.logHash.slice(0, 12)}…; store: position ${mine.position}, ${mine.eventCount} events, log hash ${mine.logHash.slice(0, 12)}…)`,
      });
    }
  }
  return findings;
}
