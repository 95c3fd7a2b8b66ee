/** Runs a command (npm, node, pulumi outside a Workspace) and collects its output; kills it after `timeoutMs`. */
import { spawn } from "child_process";

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

export function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 400_000): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${cmd} ${args.join(" ")} timed out after ${timeoutMs} ms\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on("error", (e) => (clearTimeout(timer), reject(e)));
    child.on("close", (code) => (clearTimeout(timer), resolve({ code: code ?? -1, stdout, stderr })));
  });
}
