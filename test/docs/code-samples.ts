// The `x-codeSamples` of the bundled document, by operation. Shared by samples.test.ts (runs them) and
// test/types/typecheck.test.ts (type-checks the TypeScript ones with the README's blocks).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** The mock server's origin as the samples name it; a test replaces it by its own server's. */
export const DOCS_URL = "http://localhost:4010";

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"] as const;

export interface CodeSample {
  lang: string;
  label?: string;
  source: string;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  samples: CodeSample[];
}

type PathItem = Partial<
  Record<(typeof METHODS)[number], { operationId: string; tags: string[]; "x-codeSamples"?: CodeSample[] }>
>;

const document = JSON.parse(readFileSync(join(root, "generated", "openapi.json"), "utf8")) as {
  paths: Record<string, PathItem>;
};

/** Every operation of the document with its code samples, in document order. */
export const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  METHODS.flatMap((method) => {
    const operation = item[method];
    return operation
      ? [
          {
            operationId: operation.operationId,
            method,
            path,
            tag: operation.tags[0] ?? "",
            samples: operation["x-codeSamples"] ?? [],
          },
        ]
      : [];
  }),
);

export type Kind = "TypeScript" | "curl";

/** Which of the two runnable kinds a sample is, by the label the docs show. */
export function kindOf(sample: CodeSample): Kind | undefined {
  if (sample.lang === "TypeScript" && sample.label === "TypeScript (bytewire)") {
    return "TypeScript";
  }
  return sample.lang === "Shell" && sample.label === "curl" ? "curl" : undefined;
}
