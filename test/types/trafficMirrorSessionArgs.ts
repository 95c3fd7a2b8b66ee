/**
 * Type-level proof that vpc.TrafficMirrorSession's public types match its field table (compiled by
 * test/unit/typeLevel.test.ts; a mismatch is a compile error here).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TrafficMirrorSession, TrafficMirrorSessionArgs } from "../../provider/vpc/trafficMirrorSession";
import type { TrafficMirrorSessionOutputs } from "../../provider/vpc/trafficMirrorSessionProvider";
import type {
  CheckedInputs,
  Flat,
  ProgramInputs,
  TrafficMirrorSessionField,
  TrafficMirrorSessionFields,
  TrafficMirrorSessionInputs,
} from "../../provider/schema";
import { type Equals, type InputOf, assertType } from "./derive";

type Program = ProgramInputs<TrafficMirrorSessionFields>;
type DerivedArgs = Flat<{ [K in keyof Program]: InputOf<NonNullable<Program[K]>> } & { adoptId?: pulumi.Input<string> }>;
assertType<Equals<TrafficMirrorSessionArgs, DerivedArgs>>();

type ClassOutputs = { [K in TrafficMirrorSessionField]: TrafficMirrorSession[K] };
type DerivedOutputs = { [K in TrafficMirrorSessionField]-?: pulumi.Output<TrafficMirrorSessionOutputs[K]> };
assertType<Equals<ClassOutputs, DerivedOutputs>>();

assertType<Equals<TrafficMirrorSessionInputs, Flat<CheckedInputs<TrafficMirrorSessionFields>>>>();
