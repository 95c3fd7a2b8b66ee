// Types of scripts/buildStamp.js (CommonJS, run by node without a build), for the tests that import it.

/** What the build has to do, and the input hashes read for it (what record() stores after the build). */
export interface Check {
  action: "none" | "stage" | "incremental" | "clean";
  reason: string;
  inputs: Record<string, string | null>;
}
export function check(repo: string): Check;
export function stage(repo: string): void;
export function record(repo: string, inputs: Record<string, string | null> | null): void;
export function invalidate(repo: string): void;
export function clean(repo: string): void;
export function withBuildLock<T>(repo: string, fn: () => T, say?: (line: string) => void): T;
export function stagedEntries(pkg: { files: string[] }): string[];
export function stagedDifference(repo: string): string | undefined;
export function inputHashes(repo: string): Record<string, string | null>;
export const STAMP: string;
export const LOCK: string;
export const TSBUILDINFO: string;
