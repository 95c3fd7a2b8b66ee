/**
 * Builds the object a dynamic resource serializes: each method requires the implementation by
 * package name when it is called, and forwards. Nothing of the implementation is captured.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export function forwardTo(implementation: string) {
  const impl = () => require(implementation);
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
