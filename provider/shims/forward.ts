/**
 * Builds the object a dynamic resource serializes: the first call requires the implementation by
 * package name, and every method forwards to it. Nothing of the implementation is captured (the
 * cache lives in this module, not in the serialized text).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export function forwardTo(implementation: string) {
  let loaded: any;
  // One `require` per process instead of one module resolution per call.
  const impl = () => (loaded ??= require(implementation));
  return {
    configure: (req: unknown) => impl().configure(req),
    check: (olds: unknown, news: unknown) => impl().check(olds, news),
    diff: (id: string, olds: unknown, news: unknown) => impl().diff(id, olds, news),
    create: (inputs: unknown) => impl().create(inputs),
    read: (id: string, props: unknown) => impl().read(id, props),
    update: (id: string, olds: unknown, news: unknown) => impl().update(id, olds, news),
    delete: (id: string, props: unknown) => impl().delete(id, props),
  };
}
