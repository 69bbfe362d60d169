import type { ValueTransformer } from 'typeorm';

/**
 * bigint in the entity; PostgreSQL `bigint` comes back as a string and SQLite as a number,
 * so both are read through BigInt.
 */
export const bigintColumn: ValueTransformer = {
  to: (value: bigint | undefined) => (value === undefined ? undefined : value.toString()),
  from: (value: string | number | null) => (value === null ? null : BigInt(value)),
};

/**
 * A JSON value kept as text: the same on SQLite and PostgreSQL. null stays SQL NULL (not the text
 * `null`), so what a row lacks reads as NULL in SQL too.
 */
export const jsonTextColumn: ValueTransformer = {
  to: (value: unknown) => (value === undefined || value === null ? value : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : JSON.parse(value)),
};
