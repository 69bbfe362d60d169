import { generateRsaKeyPair, loadPrivateKey, loadPublicKey } from '@kios/dana-protocol';
import type { KeyObject } from 'node:crypto';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh RSA-2048 pair, as a dev or test run would generate it (no key is committed). */
export function freshKeyPair(): KeyPair {
  const pem = generateRsaKeyPair();
  return {
    privateKey: loadPrivateKey(pem.privateKeyPem, 'test'),
    publicKey: loadPublicKey(pem.publicKeyPem, 'test'),
    ...pem,
  };
}
