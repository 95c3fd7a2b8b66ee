/**
 * Type-level proof that vpc.TrafficMirrorService's public types match its field table (compiled by
 * test/unit/typeLevel.test.ts; a mismatch is a compile error here).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TrafficMirrorService, TrafficMirrorServiceArgs } from "../../provider/vpc/trafficMirrorService";
import type { Flat, ProgramInputs, trafficMirrorServiceFields } from "../../provider/schema";
import { type Equals, type InputOf, assertType } from "./derive";

type Program = ProgramInputs<typeof trafficMirrorServiceFields>;
assertType<Equals<TrafficMirrorServiceArgs, Flat<{ [K in keyof Program]: InputOf<NonNullable<Program[K]>> }>>>();
assertType<Equals<TrafficMirrorService["region"], pulumi.Output<string>>>();
