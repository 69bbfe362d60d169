/**
 * Get List of Product asks by type and provider, except for these types, whose request carries no
 * provider (or one to ignore): docs/dana-protocol.md §3.1.
 */
export const PROVIDERLESS_PRODUCT_TYPES: readonly string[] = ['WATER', 'EDUCATION', 'INTERNET'];

export function productQueryIgnoresProvider(type: string): boolean {
  return PROVIDERLESS_PRODUCT_TYPES.includes(type);
}
