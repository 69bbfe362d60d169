import type { KeyObject } from 'node:crypto';
import { loadPrivateKey, loadPublicKey } from '@kios/dana-protocol';

/** How BareSigningServer hands a verify+sign server its throwaway keys: PEM text in its environment. */
export function signingServerKeysEnv(keys: { privateKeyPem: string; danaPublicKeyPem: string }) {
  return { BARE_PRIVATE_KEY: keys.privateKeyPem, BARE_DANA_PUBLIC_KEY: keys.danaPublicKeyPem };
}

/** In a verify+sign server: the key it signs with and DANA's, which it verifies requests with. */
export function signingServerKeys(): { privateKey: KeyObject; danaPublicKey: KeyObject } {
  return {
    privateKey: loadPrivateKey(process.env.BARE_PRIVATE_KEY ?? '', 'the bench server key'),
    danaPublicKey: loadPublicKey(process.env.BARE_DANA_PUBLIC_KEY ?? '', 'the bench DANA key'),
  };
}
