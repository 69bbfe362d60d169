/**
 * `target` with some of its methods replaced. A Proxy rather than a wrapper class: the object keeps
 * its concrete type and every other member, and whoever holds it is observed without knowing it.
 * Other methods run on the target itself, whose private fields are not on the Proxy.
 */
export function withMethods<T extends object>(target: T, replacements: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(replacements, property)) {
        return replacements[property as keyof T];
      }
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
