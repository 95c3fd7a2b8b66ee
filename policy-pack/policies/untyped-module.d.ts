/**
 * Not a policy. When the engine loads the pack, ts-node resolves every package import to this
 * untyped module (see "ts-node" in ../tsconfig.json), so loading the pack transpiles our few
 * files instead of parsing the whole @pulumi/pulumi, zod and @types/node type graph on each run.
 * Editors and `npm run typecheck` ignore that block and check the real types.
 */
declare const untyped: any;
export = untyped;
