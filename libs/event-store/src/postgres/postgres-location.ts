/** Where a PostgreSQL event store lives: the server, and the schema holding its tables. */
export interface PostgresLocation {
  /** The URL without `?schema=` (pg would pass unknown parameters on to the server). */
  connectionString: string;
  schema: string;
  /** The LISTEN/NOTIFY channel appends are announced on (docs/architecture.md §5). */
  channel: string;
}

/** Letters, digits and '_', as the read model's `?schema=` (so it is safe to quote into SQL). */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** PostgreSQL's limit on identifiers, channel names included (NAMEDATALEN - 1). */
const MAX_IDENTIFIER = 63;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Reads `postgres://user@host:5432/db[?schema=name]`; the schema is `public` when not named. */
export function postgresLocation(url: string): PostgresLocation {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`event store schema "${schema}" must be letters, digits and '_' (at most 63)`);
  }
  parsed.searchParams.delete('schema');
  // A long schema name is cut to fit: two schemas sharing a channel only wake each other's readers for nothing.
  const channel = `kios_events_${schema}`.slice(0, MAX_IDENTIFIER);
  return { connectionString: parsed.toString(), schema, channel };
}
