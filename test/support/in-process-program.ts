import { Console } from "node:console";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";

/** What a program printed, and what it threw if it failed (the in-process counterpart of a non-zero exit). */
export interface ProgramOutcome {
  stdout: string;
  stderr: string;
  error?: unknown;
}

class Captured extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
}

// Programs share this process's working directory, console and exit; one runs at a time.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a TypeScript program (a docs sample, a README block) inside this test process, the way `tsx main.ts` would run
 * it in a process of its own, without the cost of starting one: the program is written to `folder/main.ts` and
 * imported (so vitest resolves `bytewire/*` to the sources, as tsx does with the `bytewire-source` condition), with
 * `folder` as the working directory, its console captured, and `process.exit` refused. Resolves once its top-level
 * code, awaits included, is done, or with what it threw.
 */
export function runProgram(source: string, folder: string): Promise<ProgramOutcome> {
  const run = queue.then(() => runNow(source, folder));
  queue = run;
  return run;
}

async function runNow(source: string, folder: string): Promise<ProgramOutcome> {
  await mkdir(folder, { recursive: true });
  const file = join(folder, "main.ts");
  await writeFile(file, source);
  const stdout = new Captured();
  const stderr = new Captured();
  const { console: testConsole } = globalThis;
  const { exit } = process;
  const cwd = process.cwd();
  globalThis.console = new Console({ stdout, stderr, colorMode: false });
  process.exit = ((code?: number) => {
    throw new Error(`The program called process.exit(${code ?? ""}); a sample must end by itself.`);
  }) as typeof process.exit;
  process.chdir(folder);
  let error: unknown;
  try {
    await import(/* @vite-ignore */ file);
  } catch (thrown) {
    error = thrown;
  } finally {
    process.chdir(cwd);
    process.exit = exit;
    globalThis.console = testConsole;
  }
  return { stdout: stdout.text, stderr: stderr.text, ...(error === undefined ? {} : { error }) };
}
