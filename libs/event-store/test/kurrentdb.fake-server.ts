// Long on purpose: one fake of KurrentDB's gRPC Streams API (append, batch append, read, subscribe), whose handlers share its in-memory log.
import * as grpc from '@grpc/grpc-js';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import {
  AllStreamPosition,
  Empty,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion as SharedWrongExpectedVersion,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';

/**
 * A small stand-in for KurrentDB's gRPC API, built from the client's own generated service
 * definitions: enough of Streams (Append, BatchAppend, Read incl. subscriptions) and ServerFeatures
 * to exercise how the adapter maps kios's port onto the wire. It checks expected versions and
 * keeps events in memory; it is not a server (no persistence, no $-system streams, no cluster).
 */

export type WireExpectedState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface WireMessage {
  id: string;
  /** gRPC metadata map of the proposed message: `type`, `content-type`. */
  properties: Record<string, string>;
  data: Buffer;
  customMetadata: Buffer;
}

export interface CapturedAppend {
  rpc: 'Append' | 'BatchAppend';
  stream: string;
  expected: WireExpectedState;
  messages: WireMessage[];
}

export interface StoredWireEvent extends WireMessage {
  stream: string;
  revision: bigint;
  commit: bigint;
  prepare: bigint;
}

export type AppendReset = 'before-storing' | 'after-storing';

export interface FakeSettings {
  /** Advertise BatchAppend through ServerFeatures as servers ≥ 21.10 do; otherwise answer UNIMPLEMENTED. */
  batchAppend: boolean;
  /** Commit position of the first appended event; later ones follow in steps of 100. */
  firstCommitPosition: bigint;
  /** Creation time stamped on every stored event. */
  created: Date;
}

interface LiveSubscriber {
  call: grpc.ServerWritableStream<ReadReq, ReadResp>;
  filter: (event: StoredWireEvent) => boolean;
}

const STREAMS_SERVICE = 'event_store.client.streams.Streams';
const TICKS_PER_MS = 10_000n;

export class FakeKurrentDb {
  readonly events: StoredWireEvent[] = [];
  readonly appends: CapturedAppend[] = [];
  readonly reads: ReadReq[] = [];
  private readonly live = new Set<LiveSubscriber>();
  private nextCommit: bigint;
  private appendReset?: { when: AppendReset; stream: (name: string) => boolean };

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
    private readonly settings: FakeSettings,
  ) {
    this.nextCommit = settings.firstCommitPosition;
  }

  static async start(settings: FakeSettings): Promise<FakeKurrentDb> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const fake = new FakeKurrentDb(server, port, settings);
    server.addService(ServerFeaturesService, { getSupportedMethods: fake.getSupportedMethods });
    server.addService(StreamsService, {
      read: fake.read,
      append: fake.append,
      batchAppend: fake.batchAppend,
      delete: unimplemented,
      tombstone: unimplemented,
    });
    return fake;
  }

  get url(): string {
    return `kurrentdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Puts an event in the log as if appended earlier, e.g. at a revision beyond 2^53. */
  seed(event: {
    stream: string;
    revision: bigint;
    type: string;
    data: string;
    metadata?: string;
  }): StoredWireEvent {
    const stored = this.store(event.stream, event.revision, {
      id: crypto.randomUUID(),
      properties: { type: event.type, 'content-type': 'application/json' },
      data: Buffer.from(event.data),
      customMetadata: Buffer.from(event.metadata ?? ''),
    });
    return stored;
  }

  /** Ends every open subscription with UNAVAILABLE, as a restarting server does. */
  dropSubscriptions(): void {
    for (const subscriber of this.live) {
      // grpc-js sends an emitted error as the call's status (destroy() would reset the stream without one).
      subscriber.call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'server restarting' });
    }
    this.live.clear();
  }

  /**
   * Ends the next append's call with UNAVAILABLE, as a connection reset mid-append: `before-storing`,
   * nothing was written; `after-storing`, the events are in the log although the client hears an error.
   * `stream` picks the append (others go through), e.g. an order's among a busy process's appends.
   */
  resetNextAppend(when: AppendReset, stream: (name: string) => boolean = () => true): void {
    this.appendReset = { when, stream };
  }

  /** An append the armed reset ends: stores it first when asked to, and answers the status to send. */
  private takeAppendReset(append: CapturedAppend): grpc.StatusObject | undefined {
    const reset = this.appendReset;
    if (!reset?.stream(append.stream)) return undefined;
    this.appendReset = undefined;
    if (reset.when === 'after-storing') this.appendToLog(append);
    return { code: grpc.status.UNAVAILABLE, details: 'connection reset', metadata: new grpc.Metadata() };
  }

  get openSubscriptions(): number {
    return this.live.size;
  }

  async stop(): Promise<void> {
    this.server.forceShutdown();
  }

  private readonly getSupportedMethods: grpc.handleUnaryCall<Empty, SupportedMethods> = (_call, callback) => {
    if (!this.settings.batchAppend) {
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'no server features' });
      return;
    }
    const methods = ['Read', 'Append', 'BatchAppend'].map((name) =>
      new SupportedMethod().setServiceName(STREAMS_SERVICE).setMethodName(name),
    );
    callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('24.10.0'));
  };

  private readonly append: grpc.handleClientStreamingCall<AppendReq, AppendResp> = (call, callback) => {
    let options: AppendReq.Options | undefined;
    const messages: WireMessage[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      const proposed = request.getProposedMessage();
      if (proposed) messages.push(toWireMessage(proposed));
    });
    call.on('end', () => {
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'no options' });
      const stream = streamName(options.getStreamIdentifier());
      const expected = appendExpected(options);
      const reset = this.takeAppendReset({ rpc: 'Append', stream, expected, messages });
      if (reset) return callback(reset);
      const outcome = this.appendToLog({ rpc: 'Append', stream, expected, messages });
      const response = new AppendResp();
      if ('current' in outcome) {
        const wrong = new AppendResp.WrongExpectedVersion();
        if (outcome.current === undefined) wrong.setCurrentNoStream(new Empty());
        else wrong.setCurrentRevision(outcome.current.toString());
        if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
        else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
        else if (expected === 'any') wrong.setExpectedAny(new Empty());
        else wrong.setExpectedRevision(expected.toString());
        response.setWrongExpectedVersion(wrong);
      } else {
        const position = new AppendResp.Position()
          .setCommitPosition(outcome.last.commit.toString())
          .setPreparePosition(outcome.last.prepare.toString());
        response.setSuccess(
          new AppendResp.Success().setCurrentRevision(outcome.last.revision.toString()).setPosition(position),
        );
      }
      callback(null, response);
    });
  };

  private readonly batchAppend: grpc.handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> = (call) => {
    const pending = new Map<string, { options?: BatchAppendReq.Options; messages: WireMessage[] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId()?.getString() ?? '';
      const batch = pending.get(correlation) ?? { messages: [] };
      if (request.hasOptions()) batch.options = request.getOptions();
      batch.messages.push(...request.getProposedMessagesList().map(toWireMessage));
      pending.set(correlation, batch);
      // A large append arrives in several requests; the last one is marked final.
      if (!request.getIsFinal()) return;
      pending.delete(correlation);
      const identifier = batch.options?.getStreamIdentifier();
      const stream = streamName(identifier);
      const expected = batchExpected(batch.options);
      const reset = this.takeAppendReset({ rpc: 'BatchAppend', stream, expected, messages: batch.messages });
      // grpc-js sends an emitted error as the call's status: the whole batch stream ends, as on a reset.
      if (reset) return void call.emit('error', reset);
      const outcome = this.appendToLog({ rpc: 'BatchAppend', stream, expected, messages: batch.messages });
      const response = new BatchAppendResp()
        .setCorrelationId(new UUID().setString(correlation))
        .setStreamIdentifier(identifier);
      if ('current' in outcome) {
        const details = new SharedWrongExpectedVersion();
        if (outcome.current === undefined) details.setCurrentNoStream(new GoogleEmpty());
        else details.setCurrentStreamRevision(outcome.current.toString());
        if (expected === 'no_stream') details.setExpectedNoStream(new GoogleEmpty());
        else if (expected === 'stream_exists') details.setExpectedStreamExists(new GoogleEmpty());
        else if (expected === 'any') details.setExpectedAny(new GoogleEmpty());
        else details.setExpectedStreamPosition(expected.toString());
        const any = new Any();
        any.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        response.setError(new Status().setCode(9).setMessage('wrong expected version').setDetails(any));
      } else {
        const position = new AllStreamPosition()
          .setCommitPosition(outcome.last.commit.toString())
          .setPreparePosition(outcome.last.prepare.toString());
        response.setSuccess(
          new BatchAppendResp.Success()
            .setCurrentRevision(outcome.last.revision.toString())
            .setPosition(position),
        );
      }
      call.write(response);
    });
    call.on('end', () => call.end());
  };

  private readonly read: grpc.handleServerStreamingCall<ReadReq, ReadResp> = (call) => {
    this.reads.push(call.request);
    const options = call.request.getOptions();
    if (!options)
      return call.destroy(Object.assign(new Error('no options'), { code: grpc.status.INVALID_ARGUMENT }));
    if (options.hasStream()) return this.readStream(call, options);
    return this.readAll(call, options);
  };

  private readStream(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    const stream = options.getStream()!;
    const name = streamName(stream.getStreamIdentifier());
    const events = this.events.filter((event) => event.stream === name);
    if (events.length === 0) {
      call.write(
        new ReadResp().setStreamNotFound(
          new ReadResp.StreamNotFound().setStreamIdentifier(stream.getStreamIdentifier()),
        ),
      );
      call.end();
      return;
    }
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const from = stream.hasRevision() ? BigInt(stream.getRevision()) : undefined;
    const selected = backwards
      ? events.filter((event) => from === undefined || event.revision <= from).reverse()
      : events.filter((event) => from === undefined || event.revision >= from);
    for (const event of selected.slice(0, Number(options.getCount())))
      call.write(toReadResp(event, this.settings.created));
    call.end();
  }

  private readAll(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    const all = options.getAll()!;
    const position = all.getPosition();
    const from = position && {
      commit: BigInt(position.getCommitPosition()),
      prepare: BigInt(position.getPreparePosition()),
    };
    const filter = toFilter(options);
    const compareTo = (event: StoredWireEvent) =>
      from
        ? event.commit === from.commit
          ? cmp(event.prepare, from.prepare)
          : cmp(event.commit, from.commit)
        : 1;
    if (options.hasSubscription()) {
      call.write(
        new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId('fake')),
      );
      // A subscription starts strictly after its position.
      for (const event of this.events)
        if (compareTo(event) > 0 && filter(event)) call.write(toReadResp(event, this.settings.created));
      const subscriber = { call, filter };
      this.live.add(subscriber);
      call.on('cancelled', () => this.live.delete(subscriber));
      return;
    }
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const selected = backwards
      ? this.events.filter((event) => all.hasEnd() || compareTo(event) < 0).reverse()
      : this.events.filter((event) => all.hasStart() || compareTo(event) >= 0);
    for (const event of selected.filter(filter).slice(0, Number(options.getCount()))) {
      call.write(toReadResp(event, this.settings.created));
    }
    call.end();
  }

  private appendToLog(append: CapturedAppend): { last: StoredWireEvent } | { current: bigint | undefined } {
    this.appends.push(append);
    const current = this.events.filter((event) => event.stream === append.stream).at(-1)?.revision;
    const { expected } = append;
    const satisfied =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      expected === current;
    if (!satisfied) return { current };
    let revision = current === undefined ? 0n : current + 1n;
    let last!: StoredWireEvent;
    for (const message of append.messages) last = this.store(append.stream, revision++, message);
    return { last };
  }

  private store(stream: string, revision: bigint, message: WireMessage): StoredWireEvent {
    const commit = this.nextCommit;
    this.nextCommit += 100n;
    // prepare ≠ commit so a swapped mapping cannot pass unnoticed.
    const stored = { ...message, stream, revision, commit, prepare: commit - 1n };
    this.events.push(stored);
    for (const subscriber of this.live) {
      if (subscriber.filter(stored)) subscriber.call.write(toReadResp(stored, this.settings.created));
    }
    return stored;
  }
}

function unimplemented(_call: unknown, callback: grpc.sendUnaryData<never>): void {
  callback({ code: grpc.status.UNIMPLEMENTED });
}

function cmp(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? []).toString('utf8');
}

function toWireMessage(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): WireMessage {
  return {
    id: message.getId()?.getString() ?? '',
    properties: Object.fromEntries(message.getMetadataMap().toArray()),
    data: Buffer.from(message.getData_asU8()),
    customMetadata: Buffer.from(message.getCustomMetadata_asU8()),
  };
}

function appendExpected(options: AppendReq.Options): WireExpectedState {
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  if (options.hasAny()) return 'any';
  return BigInt(options.getRevision());
}

function batchExpected(options: BatchAppendReq.Options | undefined): WireExpectedState {
  if (options?.hasNoStream()) return 'no_stream';
  if (options?.hasStreamExists()) return 'stream_exists';
  if (options?.hasAny()) return 'any';
  return BigInt(options?.getStreamPosition() ?? '0');
}

function toFilter(options: ReadReq.Options): (event: StoredWireEvent) => boolean {
  const filter = options.getFilter();
  if (!filter) return () => true;
  const byStream = filter.getStreamIdentifier();
  const expression = byStream ?? filter.getEventType();
  if (!expression) return () => true;
  const field = (event: StoredWireEvent) => (byStream ? event.stream : event.properties.type);
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) return (event) => prefixes.some((prefix) => field(event).startsWith(prefix));
  const regex = new RegExp(expression.getRegex());
  return (event) => regex.test(field(event));
}

function toReadResp(event: StoredWireEvent, created: Date): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(event.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(event.stream)))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.commit.toString())
    .setPreparePosition(event.prepare.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  const properties = recorded.getMetadataMap();
  for (const [key, value] of Object.entries(event.properties)) properties.set(key, value);
  // .NET ticks (100 ns) since the Unix epoch, as the server writes them.
  properties.set('created', (BigInt(created.getTime()) * TICKS_PER_MS).toString());
  return new ReadResp().setEvent(
    new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.commit.toString()),
  );
}
