/**
 * What the type-level files of the VPC resources share (test/types/flowLogArgs.ts has its own copy
 * of the first two, kept as it is because its negative control rewrites that file).
 */
import type * as pulumi from "@pulumi/pulumi";

/** True only when A and B are the same type (not merely assignable either way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const assertType = <T extends true>(): T | undefined => undefined;

/**
 * A program input: Pulumi's `Input`; a list of inputs for list fields, each object entry an object of
 * inputs; a map (`Record<string, V>`: tags) of inputs.
 */
export type InputOf<T> = [T] extends [readonly (infer E)[]]
  ? pulumi.Input<pulumi.Input<E extends object ? { [K in keyof E]: pulumi.Input<NonNullable<E[K]>> } : E>[]>
  : [T] extends [Record<string, infer V>]
    ? string extends keyof T
      ? pulumi.Input<Record<string, pulumi.Input<V>>>
      : pulumi.Input<T>
    : pulumi.Input<T>;
