import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** How a command ended: its exit code (-1 when it could not start or was killed) and what it printed. */
export interface CommandOutcome {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout, then stderr. */
  output: string;
}

/** Runs a command to its end and resolves to its outcome, whether it succeeds or not. */
export async function runCommand(
  file: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandOutcome> {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      maxBuffer: 16 * 1024 * 1024,
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    });
    return { code: 0, stdout, stderr, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    const stdout = failed.stdout ?? "";
    const stderr = failed.stderr || failed.message;
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout, stderr, output: `${stdout}${stderr}` };
  }
}
