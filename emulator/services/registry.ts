/**
 * The products this emulator serves. Adding a product: a folder `services/<product>/` whose `index.ts`
 * exports a `ServiceDescriptor`, plus one entry in each of the three lists below.
 */
import { smartagService, type SmartagOptions, type SmartagStateView } from "./smartag";
import type { ServiceDescriptor } from "./types";
import { vpcService, type VpcOptions, type VpcStateView } from "./vpc";

/** Every product, in the order of `health().products` and of the state file's keys. */
export const SERVICES: ReadonlyArray<ServiceDescriptor<ServiceOptions>> = [smartagService, vpcService];

/** The start options of every product (`EmulatorOptions` passes them through). */
export type ServiceOptions = SmartagOptions & VpcOptions;

/** What `GET /_emulator/state` and `RunningEmulator.state()` return: every product's view, merged. */
export type EmulatorStateView = SmartagStateView & VpcStateView;
