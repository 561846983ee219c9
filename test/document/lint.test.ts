import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../support/command.ts";

// `npm run lint:openapi` and `npm run lint`, as part of the test run rather than before it: each takes about a second
// of one core, and here they run beside the other files instead of holding up the whole suite.

const root = new URL("../../", import.meta.url).pathname;

/** Runs a tool of node_modules/.bin in the project's root. */
function runTool(tool: string, args: string[]) {
  return runCommand(join(root, "node_modules", ".bin", tool), args, {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
}

// Both start at once, when the file is collected: each mostly waits on the other's process.
const openapiLint = runTool("redocly", ["lint", "--format=stylish"]);
const biome = runTool("biome", ["ci", "--colors=off", "."]);

describe("lint", () => {
  // recommended-strict makes every warning an error: exit code 0 means neither.
  it("the OpenAPI document passes Redocly's recommended-strict rules: no error, no warning", async () => {
    const { code, output } = await openapiLint;
    expect(output, output).toContain("Your API description is valid");
    expect(code, output).toBe(0);
  });

  it("the sources pass Biome's format, import and lint checks", async () => {
    const { code, output } = await biome;
    expect(code, output).toBe(0);
  });
});
