/** Keeps a password that may sit in a store URL out of logs and errors (`scheme://user:secret@host`). */
export function hideUrlPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
