import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What curl got: status, headers and the body bytes, untouched. */
export interface CurlResult {
  status: number;
  headers: Headers;
  body: Uint8Array;
  json: () => unknown;
}

/** The media type of a curl result without its parameters, lower case. */
export const essence = (result: CurlResult): string | undefined =>
  result.headers.get("content-type")?.split(";")[0]?.toLowerCase();

/**
 * A curl runner whose status, headers and body come back through files in `folder()` (called per run, so a
 * `beforeAll` may create the folder later). The body is saved to `output` when given (curl's `-o`).
 */
export function createCurl(folder: () => string): (args: string[], output?: string) => Promise<CurlResult> {
  let calls = 0;
  return async (args, output) => {
    calls++;
    const headerFile = join(folder(), `headers-${calls}.txt`);
    const bodyFile = output ?? join(folder(), `body-${calls}.bin`);
    const { stdout } = await run("curl", ["-sS", "-D", headerFile, "-o", bodyFile, "-w", "%{http_code}", ...args]);
    const headers = new Headers();
    for (const line of (await readFile(headerFile, "latin1")).split("\r\n").slice(1)) {
      const colon = line.indexOf(":");
      if (colon > 0) {
        headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
    }
    const body = new Uint8Array(await readFile(bodyFile).catch(() => Buffer.alloc(0)));
    return { status: Number(stdout), headers, body, json: () => JSON.parse(new TextDecoder().decode(body)) };
  };
}
