// Splits README.md into its fenced code blocks and says how each one is checked. Shared by the Node test
// (readme.test.ts) and the Chromium one (readme.browser.test.ts), so it uses no Node API.

/** How a block is checked, from its info string. */
export type BlockKind =
  /** ```ts: run with tsx against a mock server. */
  | "node"
  /** ```ts browser: type-checked, then run in Chromium against the MSW worker. */
  | "browser"
  /** ```ts vitest: type-checked, then run as a test file by a vitest of its own. */
  | "vitest"
  /** ```sh: run with bash against a mock server. */
  | "shell"
  /** ```sh no-run: commands that cannot run inside a test; each must be on the allow list. */
  | "no-run"
  /** ```text: not code. */
  | "text";

export interface ReadmeBlock {
  /** 1-based position among the README's blocks. */
  index: number;
  /** Line of the opening fence, 1-based. */
  line: number;
  /** The whole info string, e.g. `ts browser`. */
  info: string;
  /** `undefined` for an info string no rule knows: the test fails on it. */
  kind: BlockKind | undefined;
  code: string;
}

const KINDS: Record<string, BlockKind> = {
  ts: "node",
  typescript: "node",
  "ts browser": "browser",
  "typescript browser": "browser",
  "ts vitest": "vitest",
  "typescript vitest": "vitest",
  sh: "shell",
  bash: "shell",
  "sh no-run": "no-run",
  "bash no-run": "no-run",
  text: "text",
};

/** The URL the README's examples use; the tests replace it by their own server's. */
export const README_MOCK_URL = "http://localhost:4010";

/** Every fenced code block of a Markdown text, in order. Throws on a fence that is never closed. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let at = 0; at < lines.length; at++) {
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines[at] ?? "");
    if (!open) {
      continue;
    }
    const fence = open[1] ?? "```";
    const info = (open[2] ?? "").trim().replace(/\s+/g, " ");
    const closing = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    const start = at;
    const body: string[] = [];
    for (at++; at < lines.length && !closing.test(lines[at] ?? ""); at++) {
      body.push(lines[at] ?? "");
    }
    if (at >= lines.length) {
      throw new Error(`README.md:${start + 1}: the code block opened here is never closed`);
    }
    blocks.push({ index: blocks.length + 1, line: start + 1, info, kind: KINDS[info], code: `${body.join("\n")}\n` });
  }
  return blocks;
}

/** A short label for test names: `#3 (line 57, ts browser)`. */
export function blockLabel(block: ReadmeBlock): string {
  return `#${block.index} (README.md:${block.line}, ${block.info || "no info string"})`;
}
