import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateOpenApiDocument, openApiJson } from './openapi-generation';

/** `npm run docs:openapi [file]`: writes kios's OpenAPI document, docs/openapi.json by default. */
async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? 'docs/openapi.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, openApiJson(await generateOpenApiDocument()));
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(
    `cannot write the OpenAPI document: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
