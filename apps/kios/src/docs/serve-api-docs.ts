import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiJson } from './openapi-generation';

/** swagger-ui-dist comes with @nestjs/swagger; found through it rather than named as a dependency of kios. */
const swaggerUiDir = dirname(
  require.resolve('swagger-ui-dist/package.json', { paths: [dirname(require.resolve('@nestjs/swagger'))] }),
);

/** The only files the viewer needs: nothing else of the package is reachable. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>kios API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui' });</script>
</body>
</html>
`;

/**
 * KIOS_DOCS=on: /docs shows the document in Swagger UI, /docs/openapi.json is the document itself.
 * Plain fastify routes (Nest's static-file support would need @fastify/static for two files).
 */
export function serveApiDocs(app: NestFastifyApplication, document: OpenAPIObject): void {
  const fastify = app.getHttpAdapter().getInstance();
  const json = openApiJson(document);
  fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  fastify.get('/docs/openapi.json', (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(json),
  );
  for (const [file, type] of Object.entries(ASSETS)) {
    const content = readFileSync(join(swaggerUiDir, file));
    fastify.get(`/docs/${file}`, (_request, reply) => reply.type(type).send(content));
  }
}
