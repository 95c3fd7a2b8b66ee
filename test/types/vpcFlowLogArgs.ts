/**
 * Type-level proof that vpc.FlowLog's public types match its field table (compiled by
 * test/unit/typeLevel.test.ts; a mismatch is a compile error here).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FlowLog, FlowLogArgs } from "../../provider/vpc/flowLog";
import type { CheckedInputs, Flat, ProgramInputs, VpcFlowLogField, VpcFlowLogFields, VpcFlowLogInputs } from "../../provider/schema";
import { type Equals, type InputOf, assertType } from "./derive";

type Program = ProgramInputs<VpcFlowLogFields>;
/** The args the table derives: every field (required ones required), plus `adoptId`. */
type DerivedArgs = Flat<{ [K in keyof Program]: InputOf<NonNullable<Program[K]>> } & { adoptId?: pulumi.Input<string> }>;
assertType<Equals<FlowLogArgs, DerivedArgs>>();

/** Every field is an output of the class, with the checked input's type; the status is always reported. */
type Checked = CheckedInputs<VpcFlowLogFields>;
type ClassOutputs = { [K in VpcFlowLogField]: FlowLog[K] };
type DerivedOutputs = { [K in VpcFlowLogField]-?: pulumi.Output<K extends "status" ? NonNullable<Checked[K]> : Checked[K]> };
assertType<Equals<ClassOutputs, DerivedOutputs>>();

assertType<Equals<VpcFlowLogInputs, Flat<CheckedInputs<VpcFlowLogFields>>>>();
