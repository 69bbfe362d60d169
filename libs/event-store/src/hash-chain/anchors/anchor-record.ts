import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../event-store.port';
import { canonicalJson } from '../canonical-json';

/**
 * Anchors (issue 21, docs/architecture.md §3 "Anchors"): every so often a signed record of the whole
 * log up to a position P, appended to ANCHOR_STREAM. Where the per-stream chain links each event to
 * the one before it in its own stream (so the end of a stream, or a whole stream, can vanish unseen),
 * an anchor also commits to every event of the log in position order and to each stream's newest
 * event, so removing any covered event, the last events of a stream or a whole stream is found.
 */
export const ANCHOR_STREAM = 'audit-anchors';
export const ANCHOR_EVENT_TYPE = 'AuditAnchorRecorded';
export const ANCHOR_RECORD_VERSION = 1;

/** The log hash before the first event: 32 zero bytes. */
export const GENESIS_LOG_HASH = '0'.repeat(64);

/** A stream's newest event as of an anchor's position. */
export interface StreamHead {
  /** 0-based revision, as text. */
  revision: string;
  hash: string;
}

/**
 * What one anchor says, every field covered by its signature. Counts and revisions are decimal
 * text (JSON numbers lose digits past 2^53). The anchors stream's own events are not part of the
 * log an anchor covers: they are neither counted, nor chained into `logHash`, nor in `heads`
 * (they are covered by the anchors' own chain, `previousAnchorHash`, instead).
 */
export interface AnchorBody {
  version: number;
  /** Its place in ANCHOR_STREAM, from 0 (its revision there). */
  sequence: string;
  /** The store's position of the last event covered, as `positionToCheckpoint` writes it. */
  position: string;
  /** The previous anchor's `position` (this one covers what is after it), null for the first. */
  previousPosition: string | null;
  /** Events covered by this anchor and not by the previous one. */
  eventCount: string;
  /** Events covered from the start of the log. */
  totalEventCount: string;
  /** h_n = sha256(h_{n-1} ‖ hash of event n), over the events in position order, from the previous anchor's logHash. */
  logHash: string;
  /**
   * The head of every stream that changed since the previous anchor (`eventCount` events). Heads are
   * cumulative: the head of every stream as of this anchor is the newest entry for it in this or an
   * earlier anchor, so a verifier accumulates them from the first anchor on.
   */
  heads: Record<string, StreamHead>;
  /** sha256 of the previous anchor as stored (signature included), null for the first. */
  previousAnchorHash: string | null;
  /** When it was written, GMT+7. */
  anchoredAt: string;
  /** Which key signed it: `SHA256:` and the base64 SHA-256 of its public key (SPKI DER), as `keys generate` prints. */
  keyId: string;
}

export interface Anchor extends AnchorBody {
  /** RSA-SHA256 (base64) over the canonical JSON of the body. */
  signature: string;
}

/** The next link of the log chain: sha256 over the previous log hash and the event's hash, both as 32 bytes. */
export function nextLogHash(previous: string, eventHash: string): string {
  return createHash('sha256')
    .update(Buffer.from(previous, 'hex'))
    .update(Buffer.from(eventHash, 'hex'))
    .digest('hex');
}

export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

export function signAnchor(body: AnchorBody, privateKey: KeyObject): Anchor {
  const signature = sign('sha256', Buffer.from(canonicalJson(bodyJson(body)), 'utf8'), privateKey).toString(
    'base64',
  );
  return { ...body, signature };
}

/** True when `publicKey` signed exactly this body. */
export function anchorSignatureValid(anchor: Anchor, publicKey: KeyObject): boolean {
  const { signature, ...body } = anchor;
  try {
    return verify(
      'sha256',
      Buffer.from(canonicalJson(bodyJson(body)), 'utf8'),
      publicKey,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** What the next anchor's `previousAnchorHash` names: the anchor as stored, signature included. */
export function anchorHash(anchor: Anchor): string {
  return createHash('sha256').update(canonicalAnchor(anchor), 'utf8').digest('hex');
}

/** One anchor, one text: how anchors are compared, hashed and kept (a line of `anchors export`). */
export function canonicalAnchor(anchor: Anchor): string {
  return canonicalJson(anchorJson(anchor));
}

export function anchorJson(anchor: Anchor): JsonObject {
  return { ...bodyJson(anchor), signature: anchor.signature };
}

function bodyJson(body: AnchorBody): JsonObject {
  return {
    version: body.version,
    sequence: body.sequence,
    position: body.position,
    previousPosition: body.previousPosition,
    eventCount: body.eventCount,
    totalEventCount: body.totalEventCount,
    logHash: body.logHash,
    heads: Object.fromEntries(
      Object.entries(body.heads).map(([stream, head]) => [
        stream,
        { revision: head.revision, hash: head.hash },
      ]),
    ),
    previousAnchorHash: body.previousAnchorHash,
    anchoredAt: body.anchoredAt,
    keyId: body.keyId,
  };
}

/** Thrown for a stored or kept anchor that is not one: names what is wrong, never guesses. */
export class UnreadableAnchor extends Error {
  override readonly name = 'UnreadableAnchor';
}

const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^\d+$/;
const CHECKPOINT = /^\d+\/\d+$/;

/** An anchor from its JSON (an event's data, a line of an export), every field checked. */
export function readAnchor(value: JsonValue, where: string): Anchor {
  const fail = (what: string): never => {
    throw new UnreadableAnchor(`${where}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const text = (key: string, pattern?: RegExp): string => {
    const member = value[key];
    if (typeof member !== 'string' || (pattern && !pattern.test(member)))
      return fail(`${key} is missing or malformed`);
    return member;
  };
  const textOrNull = (key: string, pattern: RegExp): string | null =>
    value[key] === null ? null : text(key, pattern);
  if (value.version !== ANCHOR_RECORD_VERSION)
    fail(`version ${JSON.stringify(value.version)} is not ${ANCHOR_RECORD_VERSION}`);
  return {
    version: ANCHOR_RECORD_VERSION,
    sequence: text('sequence', DECIMAL),
    position: text('position', CHECKPOINT),
    previousPosition: textOrNull('previousPosition', CHECKPOINT),
    eventCount: text('eventCount', DECIMAL),
    totalEventCount: text('totalEventCount', DECIMAL),
    logHash: text('logHash', HEX64),
    heads: readHeads(value.heads, fail),
    previousAnchorHash: textOrNull('previousAnchorHash', HEX64),
    anchoredAt: text('anchoredAt'),
    keyId: text('keyId'),
    signature: text('signature'),
  };
}

function readHeads(value: JsonValue | undefined, fail: (what: string) => never): Record<string, StreamHead> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('heads is not an object');
  const heads: Record<string, StreamHead> = {};
  for (const [stream, head] of Object.entries(value)) {
    if (
      typeof head !== 'object' ||
      head === null ||
      Array.isArray(head) ||
      typeof head.revision !== 'string' ||
      !DECIMAL.test(head.revision) ||
      typeof head.hash !== 'string'
    ) {
      return fail(`heads.${stream} is malformed`);
    }
    heads[stream] = { revision: head.revision, hash: head.hash };
  }
  return heads;
}
