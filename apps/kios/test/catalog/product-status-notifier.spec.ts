import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCatalog } from '@kios/catalog';
import {
  DanaClient,
  type DanaAnswer,
  devKeyPaths,
  DanaFunction,
  FixedClock,
  loadPrivateKey,
  loadPublicKey,
  type ResultInfo,
  type PresignedRequest,
  SUCCESS_RESULT,
  verifySignedBody,
} from '@kios/dana-protocol';
import { Logger } from '@nestjs/common';
import { InMemoryEventStore } from '@kios/event-store';
import { loadCheckpoint, openReadModel } from '@kios/projections';
import type { DataSource } from 'typeorm';
import { aProduct } from '@kios/testing';
import {
  PRODUCT_STATUS_NOTIFIER,
  ProductStatusNotifier,
} from '../../src/catalog/product-status-notifier.service';
import { type KiosConfig, loadKiosConfig } from '../../src/config/kios-config';
import type { DanaHost } from '../../src/dana-host/dana-host';

/** DANA's host at the edge of the test: answers each notice as told, signed with DANA's dev key. */
class ScriptedDanaHost {
  readonly received: { productId: string; productStatus: string }[][] = [];
  private readonly answers: (ResultInfo | 'no_answer')[] = [];

  constructor(
    private readonly dana: DanaClient,
    private readonly kiosPublicKey: KeyObject,
  ) {}

  answerNext(...answers: (ResultInfo | 'no_answer')[]): void {
    this.answers.push(...answers);
  }

  async post(request: PresignedRequest): Promise<DanaAnswer> {
    expect(verifySignedBody(request.bodyText, 'request', this.kiosPublicKey).ok).toBe(true);
    this.received.push(JSON.parse(request.bodyText).request.body.productStatusList);
    const answer = this.answers.shift() ?? SUCCESS_RESULT;
    if (answer === 'no_answer')
      return { kind: 'no_answer', reason: 'DANA could not be reached: ECONNREFUSED' };
    return {
      kind: 'answered',
      httpStatus: 200,
      bodyText: this.dana.signedResultResponse(DanaFunction.notifyProductStatus, request.reqMsgId, answer),
    };
  }
}

const refused: ResultInfo = {
  resultStatus: 'F',
  resultCodeId: '00000400',
  resultCode: 'PRODUCT_NOT_FOUND',
  resultMsg: 'unknown product',
};

describe('the product status notifier', () => {
  const clock = new FixedClock(new Date('2025-01-15T04:00:00.000Z'));
  let folder: string;
  let config: KiosConfig;
  let store: InMemoryEventStore;
  let readModel: DataSource;
  let dana: ScriptedDanaHost;
  let notifier: ProductStatusNotifier;
  let errors: jest.SpyInstance;

  beforeAll(() => {
    Logger.overrideLogger(false);
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterAll(() => {
    errors.mockRestore();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kios-notifier-'));
    config = loadKiosConfig({ KIOS_DATA_DIR: folder, KIOS_NOTIFY_PRODUCT_STATUS: 'on' });
    const keys = devKeyPaths(folder);
    const kiosPublicKey = loadPublicKey(readFileSync(keys.kiosPublicKey, 'utf8'), keys.kiosPublicKey);
    const danaClient = new DanaClient({
      baseUrl: 'http://dana.test',
      danaPrivateKey: loadPrivateKey(readFileSync(keys.danaPrivateKey, 'utf8'), keys.danaPrivateKey),
      kiosPublicKey,
      clock,
    });
    store = new InMemoryEventStore({ clock });
    readModel = await openReadModel('sqlite::memory:', []);
    dana = new ScriptedDanaHost(danaClient, kiosPublicKey);
    notifier = new ProductStatusNotifier(store, readModel, dana as unknown as DanaHost, config, clock);
    await notifier.resume();
  });
  afterEach(async () => {
    await readModel.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  const list = (...productIds: string[]) =>
    importCatalog(
      store,
      productIds.map((productId) => aProduct({ productId })),
      { clock, metadata: { correlationId: 'test-catalog' } },
    );

  it('given a refused notice, logs it and moves on to the next one', async () => {
    await list(...Array.from({ length: 12 }, (_, index) => `P-${index + 1}`));
    dana.answerNext(refused);

    expect(await notifier.lookOnce()).toBe('told');
    expect(await notifier.lookOnce()).toBe('told');
    expect(await notifier.lookOnce()).toBe('nothing_new');

    expect(dana.received.map((notice) => notice.length)).toEqual([10, 2]);
    expect(dana.received[1].map((status) => status.productId)).toEqual(['P-11', 'P-12']);
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(
        /^ALERT DANA refused the product status notice \(F PRODUCT_NOT_FOUND: unknown product\); passed over: P-1 AVAILABLE, .*P-10 AVAILABLE/,
      ),
    );
  });

  it('given no answer, tells the same products again and keeps its checkpoint until DANA accepts', async () => {
    await list('P-1', 'P-2');
    dana.answerNext('no_answer');

    expect(await notifier.lookOnce()).toBe('not_told');
    expect(await loadCheckpoint(readModel, PRODUCT_STATUS_NOTIFIER)).toBeUndefined();
    expect(await notifier.lookOnce()).toBe('told');

    expect(dana.received).toEqual([
      [
        { productId: 'P-1', productStatus: 'AVAILABLE' },
        { productId: 'P-2', productStatus: 'AVAILABLE' },
      ],
      [
        { productId: 'P-1', productStatus: 'AVAILABLE' },
        { productId: 'P-2', productStatus: 'AVAILABLE' },
      ],
    ]);
    expect(await loadCheckpoint(readModel, PRODUCT_STATUS_NOTIFIER)).toEqual(await store.headPosition());
  });

  it('moves its checkpoint to the head past events that change no product status', async () => {
    await list('P-1');
    await notifier.lookOnce();
    await store.append('order-R-1', [{ type: 'OrderPlaced', data: { requestId: 'R-1' } }], 'no_stream');

    expect(await notifier.lookOnce()).toBe('nothing_new');
    expect(await loadCheckpoint(readModel, PRODUCT_STATUS_NOTIFIER)).toEqual(await store.headPosition());
    expect(dana.received).toHaveLength(1);
  });
});
