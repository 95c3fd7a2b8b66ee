/**
 * Type-level proof that the public types match the field table (compiled by
 * test/unit/typeLevel.test.ts; a mismatch is a compile error here).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FlowLog, FlowLogArgs } from "../../provider/sag/flowLog";
import type { FlowLogOutputs } from "../../provider/sag/flowLogTypes";
import type { CheckedInputs, Flat, FlowLogField, FlowLogFields, FlowLogInputs, ProgramInputs } from "../../provider/schema";

/** True only when A and B are the same type (not merely assignable either way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const assertType = <T extends true>(): T | undefined => undefined;

/** A program input: Pulumi's `Input`, and a list of inputs for list fields. */
type InputOf<T> = [T] extends [readonly (infer E)[]] ? pulumi.Input<pulumi.Input<E>[]> : pulumi.Input<T>;
type Program = ProgramInputs<FlowLogFields>;

/** The args the table derives: every field (required ones required), plus `adoptId`. */
export type DerivedFlowLogArgs = Flat<{ [K in keyof Program]: InputOf<NonNullable<Program[K]>> } & { adoptId?: pulumi.Input<string> }>;
assertType<Equals<FlowLogArgs, DerivedFlowLogArgs>>();

/** Every field is an output of the class, with the checked input's type. */
type ClassOutputs = { [K in FlowLogField]: FlowLog[K] };
type DerivedOutputs = { [K in FlowLogField]-?: pulumi.Output<K extends keyof CheckedInputs<FlowLogFields> ? FlowLogOutputs[K] : never> };
assertType<Equals<ClassOutputs, DerivedOutputs>>();

/** The provider's checked inputs are the table's. */
assertType<Equals<FlowLogInputs, Flat<CheckedInputs<FlowLogFields>>>>();
