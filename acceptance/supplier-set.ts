import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';

/**
 * A copy of a set, in `folder`, as a supplier other than the simulator is held to: the steps named
 * in the supplier's overrides file (e.g. acceptance/digiflazz.yaml, step name → expectations) get
 * those expectations put over their own, key by key. Steps the set does not have are passed over (a
 * set of one's own may hold only some of the bundled steps). Read as dana-sim reads sets — every
 * value text — so 081234567992 keeps its leading zero when written back.
 */
export function setWithOverrides(setFile: string, overridesFile: string, folder: string): string {
  const overrides = parseDocument(readFileSync(overridesFile, 'utf8'), {
    schema: 'failsafe',
  }).toJS() as Record<string, Record<string, unknown>>;
  const set = parseDocument(readFileSync(setFile, 'utf8'), { schema: 'failsafe' });
  if (!isSeq(set.contents)) throw new Error(`${setFile} is not a list of steps`);
  set.contents.items.forEach((step, index) => {
    const name = isMap(step) ? step.get('step') : undefined;
    const expectations = typeof name === 'string' ? overrides[name] : undefined;
    if (!expectations) return;
    if (!set.hasIn([index, 'expect'])) set.setIn([index, 'expect'], set.createNode({}));
    for (const [key, value] of Object.entries(expectations)) set.setIn([index, 'expect', key], value);
  });
  const file = join(
    folder,
    `${basename(setFile).replace(/\.(ya?ml|json)$/, '')}.${basename(overridesFile, '.yaml')}.yaml`,
  );
  writeFileSync(file, String(set));
  return file;
}
