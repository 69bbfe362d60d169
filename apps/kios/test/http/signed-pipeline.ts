import { Controller, Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DanaClient, FixedClock, ProductQueryRequestDto } from '@kios/dana-protocol';
import { KiosConfigModule } from '../../src/config/config.module';
import { loadKiosConfig } from '../../src/config/kios-config';
import { configureHttpApp, createFastifyAdapter } from '../../src/http/configure-http-app';
import { DanaEndpoint, SignedRequest } from '../../src/http/dana-endpoint.decorator';
import { DanaHttpModule } from '../../src/http/dana-http.module';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';
import { freshKeyPair } from '@kios/testing';

/** kios's and DANA's keys, made at test time, and kios's clock: 2026-11-26 10:00 GMT+7. */
export const kios = freshKeyPair();
export const dana = freshKeyPair();
export const clock = new FixedClock(new Date('2026-11-26T03:00:00Z'));

@Controller()
class ProbeController {
  @DanaEndpoint({ api: 'productQuery', envelope: ProductQueryRequestDto })
  list(@SignedRequest() envelope: { request: { body: { type: string } } }) {
    if (envelope.request.body.type === 'CRASH') throw new Error('secret internal detail');
    return { products: [], echoedType: envelope.request.body.type };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

@Global()
@Module({ providers: [KiosMetrics], exports: [KiosMetrics] })
class MetricsModule {}

/**
 * The signed HTTP pipeline alone (config, DANA HTTP module, metrics) around a probe endpoint that
 * lists no products, listening on a free port; `env` adds to its configuration.
 */
export type Pipeline = Awaited<ReturnType<typeof startPipeline>>;

/** The pipeline alone (config, DANA HTTP module, metrics) around ProbeController, listening on a free port. */
export async function startPipeline(env: Record<string, string> = {}) {
  const config = loadKiosConfig({
    KIOS_MERCHANT_PRIVATE_KEY: kios.privateKeyPem,
    KIOS_DANA_PUBLIC_KEY: dana.publicKeyPem,
    KIOS_BODY_LIMIT_BYTES: String(256 * 1024),
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [KiosConfigModule.forRoot(config, clock), MetricsModule, DanaHttpModule, ProbeModule],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), {
    bodyParser: false,
    logger: false,
  });
  configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  /** DANA's side, signing with its clock `skewMs` away from kios's and message ids from `newId`. */
  const client = (skewMs = 0, newId?: () => string) =>
    new DanaClient({
      baseUrl,
      danaPrivateKey: dana.privateKey,
      kiosPublicKey: kios.publicKey,
      clock: new FixedClock(new Date(clock.now().getTime() + skewMs)),
      ...(newId ? { newId } : {}),
    });
  return { app, baseUrl, client, metrics: app.get(KiosMetrics) };
}
