/**
 * Type-level proof that vpc.FlowLogService's public types match its field table (compiled by
 * test/unit/typeLevel.test.ts; a mismatch is a compile error here).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FlowLogService, FlowLogServiceArgs } from "../../provider/vpc/flowLogService";
import type { Flat, ProgramInputs, vpcFlowLogServiceFields } from "../../provider/schema";
import { type Equals, type InputOf, assertType } from "./derive";

type Program = ProgramInputs<typeof vpcFlowLogServiceFields>;
assertType<Equals<FlowLogServiceArgs, Flat<{ [K in keyof Program]: InputOf<NonNullable<Program[K]>> }>>>();
assertType<Equals<FlowLogService["region"], pulumi.Output<string>>>();
