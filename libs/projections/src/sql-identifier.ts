/** A table, column or schema name as SQL writes it: double-quoted, inner quotes doubled (SQLite and PostgreSQL alike). */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
