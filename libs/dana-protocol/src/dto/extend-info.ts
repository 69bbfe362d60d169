/**
 * Reads Create Order's `extendInfo` defensively (docs/dana-protocol.md §3.3): JULO and HARNESS send JSON text,
 * OLDPHP sent a nested object, and it may be absent. Anything that is not a JSON object reads as
 * empty, so callers decide what a missing `inquiryId` means.
 */
export function parseExtendInfo(extendInfo: unknown): Record<string, unknown> {
  if (typeof extendInfo === 'string') {
    try {
      return asObject(JSON.parse(extendInfo));
    } catch {
      return {};
    }
  }
  return asObject(extendInfo);
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
