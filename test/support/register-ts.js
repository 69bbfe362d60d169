/**
 * Lets end-to-end tests run kios, kios-cli and dana-sim from their TypeScript sources in a child
 * process (no build step): compiles `.ts` with swc using the repo's .swcrc and resolves the
 * `@kios/<lib>` aliases like tsconfig's `paths`. Use as `node -r ./test/support/register-ts.js app.ts`.
 *
 * A test run starts a hundred-odd such processes, each loading the same few hundred files: each
 * compiled file is kept under node_modules/.cache, named by the hash of what it was compiled from
 * (its path and text, .swcrc, swc's version), so a source changes its name and a stale one is never
 * read.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
// swc's version from its package file: loading swc itself (a native binding) waits for a cache miss.
const swcVersion = require('@swc/core/package.json').version;

const root = path.resolve(__dirname, '../..');
const swcrcText = fs.readFileSync(path.join(root, '.swcrc'), 'utf8');
const swcrc = JSON.parse(swcrcText);
const cacheDir = path.join(root, 'node_modules', '.cache', 'kios-register-ts');
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
  module._compile(compiled(filename, fs.readFileSync(filename, 'utf8')), filename);
};

function compiled(filename, source) {
  const key = crypto
    .createHash('sha256')
    .update(`${swcVersion}\0${swcrcText}\0${filename}\0${source}`)
    .digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const { code } = require('@swc/core').transformSync(source, {
      ...swcrc,
      swcrc: false,
      filename,
      sourceMaps: 'inline',
    });
    // Written aside then renamed: a process reading it at the same time sees all of it or none.
    const partial = `${cached}.${process.pid}.${crypto.randomUUID()}`;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(partial, code);
      fs.renameSync(partial, cached);
    } catch {
      // An unwritable cache only costs the next process this compilation again.
    }
    return code;
  }
}
