/**
 * The type-level tests in test/types/ compiled with the TypeScript compiler (jest transpiles
 * without type checking, so a type assertion is only a test when something compiles it).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { RESOURCES } from "../../provider/registry";

const REPO = path.resolve(__dirname, "../..");
const TYPES = path.join(REPO, "test/types/flowLogArgs.ts");
/** Every resource's type-level file (`<registry key>Args.ts`): args, class outputs and provider inputs against its field table. */
const RESOURCE_TYPES = Object.entries(RESOURCES)
  .filter(([, entry]) => "fields" in entry)
  .map(([key]) => `${key}Args.ts`);

function diagnostics(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ["node"],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("the public types match the field table", () => {
  it("every resource of the registry has its type-level file", () => {
    for (const file of RESOURCE_TYPES) expect(fs.existsSync(path.join(REPO, "test/types", file))).toBe(true);
  });

  it.each(RESOURCE_TYPES)(
    "%s: the args, the class's outputs and the provider's inputs are what the table derives",
    (file) => {
      expect(diagnostics(path.join(REPO, "test/types", file))).toEqual([]);
    },
    60_000,
  );

  it("a FlowLogArgs that differs from the table does not compile (the check can fail)", () => {
    // The same assertions against a FlowLogArgs with one field more than the table has.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typelevel-"));
    const mutated = path.join(REPO, "test/types", `.mutated-${path.basename(dir)}.ts`);
    const source = fs
      .readFileSync(TYPES, "utf8")
      .replace(
        'import type { FlowLog, FlowLogArgs } from "../../provider/sag/flowLog";',
        'import type { FlowLog, FlowLogArgs as Real } from "../../provider/sag/flowLog";\n' +
          "interface FlowLogArgs extends Real { retentionDays?: pulumi.Input<number> }",
      );
    expect(source).toContain("retentionDays");
    fs.writeFileSync(mutated, source);
    try {
      const errors = diagnostics(mutated);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/'false' does not satisfy the constraint 'true'/);
    } finally {
      fs.rmSync(mutated, { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
