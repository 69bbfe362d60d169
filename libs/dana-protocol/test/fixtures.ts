import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The committed DANA interoperability fixtures (`fixtures/`), made with DANA's official Node SDK by
 * `npm run fixtures:dana` (fixtures/generate-dana-fixtures.ts). They hold public keys only: a test
 * that needs a private key makes one at test time (libs/testing/src/test-keys.ts).
 */
const FIXTURES = join(__dirname, 'fixtures');

export interface FixtureVector {
  name: string;
  /** `dana-node`: signed and serialised by the SDK; `generator`: a serialisation of the generator's own. */
  madeBy: 'dana-node' | 'generator';
  serialisation: string;
  /** Whose private key signed it: only `dana` verifies with `dana-public.pem`. */
  signedWith: 'dana' | 'merchant';
  valid: boolean;
  member?: 'request' | 'response';
  body: string;
}

export interface FixtureFile {
  about: string;
  danaNode: string;
  keys: { dana: string; merchant: string };
  vectors: FixtureVector[];
}

export function readFixtureFile(): FixtureFile {
  return JSON.parse(readFileSync(join(FIXTURES, 'dana-sdk-vectors.json'), 'utf8')) as FixtureFile;
}

export function readVectors(): FixtureVector[] {
  return readFixtureFile().vectors;
}

/** The public key (SPKI PEM) of the DANA or merchant pair the fixtures were signed with. */
export function readFixturePublicKey(owner: 'dana' | 'merchant'): string {
  return readFileSync(join(FIXTURES, readFixtureFile().keys[owner]), 'utf8');
}
