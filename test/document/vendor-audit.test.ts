import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The vendor audit (openapi/vendor-audit.md) names, for each vendor statement, the test that checks it. This keeps
// the table honest: every row has a source and a test, and every test it names exists (the suite runs them).
const root = join(import.meta.dirname, "..", "..");
const table = readFileSync(join(root, "openapi", "vendor-audit.md"), "utf8");

interface Row {
  number: number;
  statement: string;
  source: string;
  outcome: string;
  tests: { file: string; name: string }[];
}

function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll("\\|", "|"));
}

const rows: Row[] = table
  .split("\n")
  .filter((line) => /^\| \d+ \|/.test(line))
  .map((line) => {
    const [number = "", statement = "", source = "", outcome = "", tests = ""] = cells(line);
    return {
      number: Number(number),
      statement,
      source,
      outcome,
      tests: tests.split("<br>").map((reference) => {
        const found = /^`([^`]+)` › (.+)$/.exec(reference.trim());
        return { file: found?.[1] ?? "", name: found?.[2] ?? reference };
      }),
    };
  });

describe("the vendor audit table", () => {
  it("has rows for all four APIs, numbered in order, each with a statement, a source and an outcome", () => {
    for (const api of ["PingDS HDAP", "4D REST", "Cumulocity inventory binaries", "PingOne images"]) {
      expect(table).toContain(`## ${api}`);
    }
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(rows.map((row) => row.number)).toEqual(rows.map((_, index) => index + 1));
    for (const row of rows) {
      expect(row.statement, `row ${row.number}`).not.toBe("");
      expect(row.source, `row ${row.number}`).not.toBe("");
      expect(row.outcome, `row ${row.number}`).not.toBe("");
    }
  });

  it("labels every statement the vendor does not make as an assumption or an inference", () => {
    for (const row of rows.filter((candidate) => /silent/.test(candidate.source))) {
      expect(row.outcome, `row ${row.number}`).toMatch(/assumption|inferred|fixed|labelled/);
    }
  });

  it("names only tests that exist", () => {
    const missing: string[] = [];
    for (const row of rows) {
      expect(row.tests.length, `row ${row.number}`).toBeGreaterThan(0);
      for (const test of row.tests) {
        const path = join(root, test.file);
        const source = test.file !== "" && existsSync(path) ? readFileSync(path, "utf8") : "";
        if (!source.includes(`"${test.name}"`)) {
          missing.push(`row ${row.number}: ${test.file} › ${test.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
