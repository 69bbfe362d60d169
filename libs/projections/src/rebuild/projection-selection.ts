import type { Projection } from '../projection';

export class UnknownProjection extends Error {
  override readonly name = 'UnknownProjection';
  constructor(name: string, known: readonly Projection[]) {
    super(`no projection named ${name}; kios keeps ${known.map((projection) => projection.name).join(', ')}`);
  }
}

/** The projection named `name` among `known`, or all of them for `all`. */
export function selectProjections(known: readonly Projection[], name: string): readonly Projection[] {
  if (name === 'all') return known;
  const found = known.find((projection) => projection.name === name);
  if (!found) throw new UnknownProjection(name, known);
  return [found];
}
