import { pointerSegment } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { document, exampleBytes, isJsonMediaType, router, validator } from "../support/document.ts";

interface MediaEntry {
  where: string;
  pointer: string;
  mediaType: string;
  media: { schema?: unknown; example?: unknown; examples?: Record<string, { $ref?: string; value?: unknown }> };
}

// A `$ref`'d request body or response lives under components: its schema pointer is under the target.
function nodeAt(pointer: string, node: unknown): [string, Record<string, unknown>] {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) {
    return [pointer, node as Record<string, unknown>];
  }
  const target = ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((current, key) => (current as Record<string, unknown>)[key], document);
  return [ref, target as Record<string, unknown>];
}

function mediaEntries(): MediaEntry[] {
  const entries: MediaEntry[] = [];
  for (const entry of router.operations) {
    const { operation } = entry;
    const bodies: [string, string, unknown][] = [];
    if (operation.requestBody) {
      bodies.push([`${operation.operationId} request`, `${entry.pointer}/requestBody`, operation.requestBody]);
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      bodies.push([`${operation.operationId} ${status}`, `${entry.pointer}/responses/${status}`, response]);
    }
    for (const [where, rawPointer, node] of bodies) {
      const [pointer, resolved] = nodeAt(rawPointer, node);
      const content = (resolved["content"] ?? {}) as Record<string, MediaEntry["media"]>;
      for (const [mediaType, media] of Object.entries(content)) {
        entries.push({
          where: `${where} ${mediaType}`,
          pointer: `${pointer}/content/${pointerSegment(mediaType)}`,
          mediaType,
          media,
        });
      }
    }
  }
  return entries;
}

function examplesOf(entry: MediaEntry): [string, unknown][] {
  const named = Object.entries(entry.media.examples ?? {}).map(([name, example]): [string, unknown] => {
    const [, resolved] = nodeAt("", example);
    return [name, resolved["value"]];
  });
  return entry.media.example === undefined ? named : [["example", entry.media.example], ...named];
}

const SIGNATURES: Record<string, number[]> = {
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/gif": [0x47, 0x49, 0x46, 0x38],
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d],
};

const media = mediaEntries();
const isTextual = (mediaType: string) => isJsonMediaType(mediaType) || mediaType.startsWith("multipart/");

describe("every request and response body in the document has an example that validates", () => {
  it("finds bodies to check", () => {
    expect(media.length).toBeGreaterThan(20);
  });

  for (const entry of media) {
    it(entry.where, () => {
      const examples = examplesOf(entry);
      expect(examples.length, `${entry.where} has no example`).toBeGreaterThan(0);
      for (const [name, value] of examples) {
        expect(value, `${entry.where} example ${name} has no value`).toBeDefined();
        if (isTextual(entry.mediaType) || entry.mediaType === "text/plain") {
          expect(validator.validateAt(`${entry.pointer}/schema`, value), `example ${name}`).toEqual([]);
          continue;
        }
        // Binary media types carry the file's bytes one character per byte; check they are what the type says.
        expect(typeof value, `binary example ${name} must be a byte string`).toBe("string");
        const bytes = exampleBytes(value as string);
        expect(bytes.length).toBeGreaterThan(0);
        const signature = SIGNATURES[entry.mediaType];
        if (signature) {
          expect([...bytes.subarray(0, signature.length)], `example ${name} is not ${entry.mediaType}`).toEqual(
            signature,
          );
        }
      }
    });
  }
});

describe("every parameter and header example validates against its schema", () => {
  for (const entry of router.operations) {
    for (const parameter of entry.parameters) {
      const examples = [
        ...(parameter["example" as never] === undefined ? [] : [parameter["example" as never]]),
        ...Object.values((parameter["examples" as never] ?? {}) as Record<string, { value: unknown }>).map(
          (e) => e.value,
        ),
      ];
      if (examples.length === 0) {
        continue;
      }
      it(`${entry.operation.operationId} ${parameter.in} ${parameter.name}`, () => {
        for (const example of examples) {
          expect(validator.validateAt(parameter.schemaPointer, example)).toEqual([]);
        }
      });
    }
  }
});
