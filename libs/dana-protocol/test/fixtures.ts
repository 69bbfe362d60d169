import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `shared/` sits beside the repository root (…/main and …/shared), wherever the checkout lives. */
const SHARED_VECTORS = resolve(__dirname, '../../../../shared/dana/vectors');

export interface SignatureVector {
  name: string;
  serialisation: string;
  valid: boolean;
  member?: 'request' | 'response';
  body: string;
}

export function readVectors(): SignatureVector[] {
  return (
    JSON.parse(readFileSync(resolve(SHARED_VECTORS, 'vectors.json'), 'utf8')) as {
      vectors: SignatureVector[];
    }
  ).vectors;
}

export function vectorKeyPath(file: string): string {
  return resolve(SHARED_VECTORS, 'keys', file);
}

export function readVectorKey(file: string): string {
  return readFileSync(vectorKeyPath(file), 'utf8');
}
