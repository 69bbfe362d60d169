/**
 * Lets end-to-end tests run kios, kios-cli and dana-sim from their TypeScript sources in a child
 * process (no build step): compiles `.ts` with swc using the repo's .swcrc and resolves the
 * `@kios/<lib>` aliases like tsconfig's `paths`. Use as `node -r ./test/support/register-ts.js app.ts`.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
const alias =
  /^@kios\/(dana-protocol|event-store|catalog|ordering|fulfillment|projections|config|audit|testing)$/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = alias.exec(request);
  return resolveFilename.call(
    this,
    match ? path.join(root, 'libs', match[1], 'src', 'index.ts') : request,
    ...rest,
  );
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcrc, swcrc: false, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
