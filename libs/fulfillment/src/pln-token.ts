/** A PLN prepaid token is 20 digits; people read and type it in groups of four. */
export function formatPlnToken(token: string): string {
  return token.replace(/(\d{4})(?=\d)/g, '$1-');
}
