import { describe, expect, it } from "vitest";
import { document, router } from "../support/document.ts";

// How the descriptions read in the rendered docs (issue 12). Redoc's search index drops a soft line break (a newline
// inside a Markdown paragraph) instead of reading it as a space, so a hard-wrapped paragraph shows up in search
// results as "Pass$rawPict=true". And an operation's page must open with what a caller needs before the vendor's
// nuances and this document's assumptions.

/** Every `description` and `summary` in the bundled document, with where it is. */
function texts(value: unknown, path: string, found: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      texts(item, `${path}[${index}]`, found);
    });
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if ((key === "description" || key === "summary") && typeof item === "string") {
        found.push([`${path}.${key}`, item]);
      } else if (key !== "x-codeSamples" && key !== "value") {
        texts(item, `${path}.${key}`, found);
      }
    }
  }
  return found;
}

/** A line that starts a Markdown block of its own (list item, table row, heading, fence, quote), not a continuation. */
const BLOCK_START = /^\s*([-*+] |\d+\. |\||#|```|>)/;

/** The soft line breaks of a Markdown text: a line followed by one that continues its paragraph or list item. */
function softBreaks(text: string): string[] {
  const lines = text.split("\n");
  const breaks: string[] = [];
  let fenced = false;
  for (const [index, line] of lines.entries()) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
    }
    const next = lines[index + 1];
    if (fenced || next === undefined || line.trim() === "" || next.trim() === "" || /^\s*\|/.test(line)) {
      continue;
    }
    if (!BLOCK_START.test(next)) {
      breaks.push(`…${line.slice(-30)} ⏎ ${next.trim().slice(0, 30)}…`);
    }
  }
  return breaks;
}

describe("the document's descriptions", () => {
  it("have no line break inside a paragraph, which Redoc's search index would drop between two words", () => {
    const found = texts(document, "#").flatMap(([path, text]) => softBreaks(text).map((line) => `${path}: ${line}`));
    expect(found).toEqual([]);
  });

  for (const { operation } of router.operations) {
    it(`${operation.operationId} opens with a short paragraph; a long description puts the rest under Details`, () => {
      const description = operation.description ?? "";
      const [opening = ""] = description.split(/\n\s*\n/);
      expect(opening.length, opening).toBeLessThanOrEqual(450);
      if (description.length > 600) {
        expect(description).toContain("**Details**");
      }
    });
  }

  it("open the introduction without repeating the summary, and do not call the clients generated", () => {
    // The mock's document type leaves `info` out; the bundled document has it.
    const { info } = document as unknown as { info: { summary?: string; description?: string } };
    const summary = info.summary ?? "";
    const introduction = info.description ?? "";
    const firstWords = summary.split(/\s+/).slice(0, 5).join(" ").toLowerCase();
    expect(introduction.split("\n")[0]?.toLowerCase()).not.toContain(firstWords);
    expect(introduction).not.toMatch(/generated from this document/);
  });
});
