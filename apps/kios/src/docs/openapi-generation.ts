import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { systemClock } from '@kios/dana-protocol';
import { loadKiosConfig } from '../config/kios-config';
import { createFastifyAdapter } from '../http/configure-http-app';
import { KiosModule } from '../kios.module';
import { createKiosLogger } from '../observability/logging/kios-logger';
import { buildOpenApiDocument } from './openapi-document';

/**
 * The document as `npm run docs:openapi` writes it to docs/openapi.json: kios built on in-memory
 * stores with its default base path (the admin API is always there), never started.
 */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kios-openapi-'));
  const config = loadKiosConfig({
    KIOS_DATA_DIR: dataDir,
    KIOS_EVENT_STORE: 'memory:',
    KIOS_READ_MODEL: 'sqlite::memory:',
  });
  const silent = createKiosLogger({ logLevel: 'silent', logFormat: 'json' });
  const app = await NestFactory.create<NestFastifyApplication>(
    KiosModule.forRoot(config, systemClock, silent),
    createFastifyAdapter(config),
    { bodyParser: false, logger: false, abortOnError: false },
  );
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Stable text: the committed file changes only when the API does. */
export function openApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
