/**
 * Type-level proof that vpc.TrafficMirrorFilter's public types match its field table (compiled by
 * test/unit/typeLevel.test.ts; a mismatch is a compile error here).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TrafficMirrorFilter, TrafficMirrorFilterArgs, TrafficMirrorFilterRuleOutput } from "../../provider/vpc/trafficMirrorFilter";
import type { TrafficMirrorFilterOutputs } from "../../provider/vpc/trafficMirrorFilterProvider";
import type {
  CheckedInputs,
  FilterRule,
  Flat,
  ProgramInputs,
  TrafficMirrorFilterField,
  TrafficMirrorFilterFields,
  TrafficMirrorFilterInputs,
} from "../../provider/schema";
import { type Equals, type InputOf, assertType } from "./derive";

type Program = ProgramInputs<TrafficMirrorFilterFields>;

/** The args the table derives: every field (required ones required), rule lists as lists of rule inputs. */
export type DerivedTrafficMirrorFilterArgs = Flat<
  { [K in keyof Program]: InputOf<NonNullable<Program[K]>> } & { adoptId?: pulumi.Input<string> }
>;
assertType<Equals<TrafficMirrorFilterArgs, DerivedTrafficMirrorFilterArgs>>();

/** Every field is an output of the class: scalars with the checked input's type, rules with every default filled. */
type Rules = "ingressRules" | "egressRules";
type ClassOutputs = { [K in TrafficMirrorFilterField]: TrafficMirrorFilter[K] };
type DerivedOutputs = {
  [K in TrafficMirrorFilterField]-?: pulumi.Output<K extends Rules ? Required<FilterRule>[] : TrafficMirrorFilterOutputs[K]>;
};
assertType<Equals<ClassOutputs, DerivedOutputs>>();
assertType<Equals<TrafficMirrorFilterRuleOutput, Required<FilterRule>>>();

/** The provider's checked inputs are the table's. */
assertType<Equals<TrafficMirrorFilterInputs, Flat<CheckedInputs<TrafficMirrorFilterFields>>>>();
