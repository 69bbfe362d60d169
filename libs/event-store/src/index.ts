export * from './event-store.port';
export { ConcurrencyError } from './concurrency.error';
export type { Decider, DomainEvent } from './decider';
export {
  eventDecoder,
  UnreadableEvent,
  type DecoderTable,
  type EventDecoder,
  type EventSourcedDecider,
  type EventSchema,
  type StoredEvent,
  type Upcast,
} from './event-decoder';
export * from './data-checks';
export { InMemoryEventStore, type InMemoryEventStoreOptions } from './memory.event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite.event-store';
export type { SqliteSynchronous } from './sqlite.schema';
export type { WriteStats } from './sqlite/group-commit';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres.event-store';
// Types only: the adapter and its gRPC client load when a kurrentdb:// URL is opened (openEventStore).
export type {
  KurrentDbEventStore,
  KurrentDbEventStoreOptions,
  ReconnectOptions,
} from './kurrentdb.event-store';
export {
  openEventStore,
  type OpenEventStoreOptions,
  UnsupportedEventStoreUrl,
  ACCEPTED_EVENT_STORE_URLS,
} from './open-event-store';
export { openKiosEventStore, type KiosEventStoreOptions } from './open-kios-event-store';
export {
  AggregateRepository,
  type AggregateState,
  type Decided,
  type HandledCommand,
  type StateFold,
} from './aggregate-repository';
export { HashChainedEventStore } from './hash-chain/hash-chained.event-store';
export {
  ChainVerifier,
  verifyChain,
  type ChainBreak,
  type ChainProblem,
} from './hash-chain/chain-verification';
export { SharedAllFeed, type SharedAllFeedOptions } from './shared-all-feed';
export type { Lease, LeaseAnswer, LeaseStore } from './leases/lease-store.port';
export { openLeaseStore, type OpenedLeaseStore } from './leases/open-lease-store';
export { hideUrlPassword } from './hide-url-password';
export {
  ANCHOR_EVENT_TYPE,
  ANCHOR_RECORD_VERSION,
  ANCHOR_STREAM,
  GENESIS_LOG_HASH,
  anchorHash,
  anchorJson,
  canonicalAnchor,
  anchorSignatureValid,
  keyIdOf,
  nextLogHash,
  readAnchor,
  signAnchor,
  UnreadableAnchor,
  type Anchor,
  type AnchorBody,
  type StreamHead,
} from './hash-chain/anchors/anchor-record';
export {
  coveredByAnchors,
  loggedEventHash,
  LOG_START,
  LogSegment,
  startAfter,
  type SegmentStart,
} from './hash-chain/anchors/log-segment';
export {
  ANCHOR_WRITER,
  anchorEvent,
  anchorEventsNewestFirst,
  anchorOf,
  lastAnchor,
} from './hash-chain/anchors/anchor-stream';
