import { SimError } from '../sim-context';

/** Options every command that calls kios takes (for node's parseArgs). */
export const kiosOptions = {
  kios: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** Options of the commands that receive Order Complete Callbacks while they wait. */
export const callbackOptions = {
  'callback-port': { type: 'string', default: '8090' },
  'callback-host': { type: 'string', default: '0.0.0.0' },
} as const;

export function portOption(raw: string, flag: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new SimError(`${flag} must be a port number, got "${raw}"`);
  return port;
}

/** A number above zero, e.g. a rate or a duration; `unit` is said in the error. */
export function positiveNumber(raw: string, flag: string, unit: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new SimError(`${flag} must be a number of ${unit} above 0, got "${raw}"`);
  }
  return value;
}

/** The positionals a command expects, by name; a missing or extra one is a SimError with the usage. */
export function positionals(given: string[], names: string[], usage: string): string[] {
  if (given.length < names.length) {
    throw new SimError(`missing ${names.slice(given.length).join(' and ')}\n\n${usage}`);
  }
  if (given.length > names.length) {
    throw new SimError(`unexpected ${given.slice(names.length).join(' ')}\n\n${usage}`);
  }
  return given;
}
