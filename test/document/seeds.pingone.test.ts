import { findMediaType, type OpenApiDocument, resolveRef } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { document, exampleBytes, router, validator } from "../support/document.ts";

// Seed 003 (PingOne "Step 2: Create Image"): its cURL request and its 201 answer, with `{{apiPath}}` resolved to
// the `/v1` server (the seed leaves `/v1` in `{{apiPath}}`; PingOne's OpenAPI puts it in the server URL).
const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const SEED_201 = {
  _links: {
    self: {
      href: "https://api.pingone.com/v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/images/99b4c866-041f-4c04-b495-be764f14927f",
    },
    environment: { href: "https://api.pingone.com/v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6" },
  },
  id: "99b4c866-041f-4c04-b495-be764f14927f",
  targets: {
    original: {
      id: "original",
      width: 826,
      height: 836,
      type: "png",
      href: "https://uploads.pingone.com/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/images/99b4c866-041f-4c04-b495-be764f14927f_0785480c-2fbb-47b3-ac3e-e7ee3a4e61d1_original.png",
    },
  },
  environment: { id: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6" },
  createdAt: "2023-01-09T21:47:50.079Z",
};

type Content = Parameters<typeof findMediaType>[0];

function requestContent(entry: { operation: { requestBody?: unknown } }): Content {
  const body = resolveRef<{ content: Content }>(document as OpenApiDocument, entry.operation.requestBody as never);
  return body.content;
}

function createImageOperation() {
  const match = router.match("POST", `/v1/environments/${ENV}/images`);
  if (match.kind !== "operation") {
    throw new Error(`the seed's request does not route: ${match.kind}`);
  }
  return match;
}

describe("seed 003: PingOne create image", () => {
  it("routes POST {{apiPath}}/environments/{{envID}}/images to pingOneCreateImage under the /v1 server", () => {
    expect(createImageOperation().entry.operation.operationId).toBe("pingOneCreateImage");
    expect(createImageOperation().params).toEqual({ envID: ENV });
  });

  it("does not route the path without /v1: the version belongs to the server URL", () => {
    expect(router.match("POST", `/environments/${ENV}/images`).kind).toBe("no-path");
  });

  it("accepts the seed's headers: Content-Type image/jpeg and content-disposition with the file name", () => {
    const { entry, params } = createImageOperation();
    const headers = new Headers({
      "Content-Type": "image/jpeg",
      "content-disposition": "attachment; filename=userimg.jpg",
      Authorization: "Bearer {{accessToken}}",
    });
    expect(validator.validateParameters(entry, { path: params, query: new URLSearchParams(), headers })).toEqual([]);
    const jpeg = exampleBytes("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00");
    expect(validator.validateRequestBody(entry, "image/jpeg", jpeg)).toEqual([]);
  });

  it("takes any image/* type as Ping's specification does (image/jpg from its own page), and nothing else", () => {
    const { entry } = createImageOperation();
    expect(findMediaType(requestContent(entry), "image/jpg")?.[0]).toBe("image/*");
    expect(validator.validateRequestBody(entry, "image/jpg", new Uint8Array([0xff]))).toEqual([]);
    expect(validator.validateRequestBody(entry, "text/plain", new Uint8Array([0xff]))).not.toEqual([]);
    expect(validator.validateRequestBody(entry, "application/octet-stream", new Uint8Array([0xff]))).not.toEqual([]);
  });

  it("validates the seed's 201 Image body", () => {
    const { entry } = createImageOperation();
    expect(validator.validateResponse(entry, 201, "application/json", SEED_201)).toEqual([]);
  });

  it("would catch a wrong answer: width as a string, a missing targets object", () => {
    const { entry } = createImageOperation();
    const wrongWidth = structuredClone(SEED_201);
    (wrongWidth.targets.original as { width: unknown }).width = "826";
    expect(validator.validateResponse(entry, 201, "application/json", wrongWidth)).not.toEqual([]);
    const { targets: _, ...withoutTargets } = SEED_201;
    expect(validator.validateResponse(entry, 201, "application/json", withoutTargets)).not.toEqual([]);
  });
});
