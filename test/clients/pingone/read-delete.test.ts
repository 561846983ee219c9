import { createPingOneMock } from "bytewire/mocks";
import { AbortError, ApiError, InvalidInputError, isPingOneErrorBody } from "bytewire/pingone";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { caught, DEMO_PNG_ID, ENV, LOCAL_BASE_URL, localClient } from "./harness.ts";

useMockedApis(() => [createPingOneMock()]);

describe("get", () => {
  it("reads an image's metadata with the bearer token and JSON Accept", async () => {
    const { client, sent } = localClient();
    const image = await client.get(DEMO_PNG_ID);
    expect(image).toMatchObject({ id: DEMO_PNG_ID, environment: { id: ENV } });
    expect(image.targets.original).toMatchObject({ type: "png", width: 80, height: 40 });
    expect(sent[0]).toMatchObject({
      method: "GET",
      url: `${LOCAL_BASE_URL}/environments/${ENV}/images/${DEMO_PNG_ID}`,
    });
    expect(sent[0]?.headers.get("authorization")).toBe("Bearer demo-token");
    expect(sent[0]?.headers.get("accept")).toBe("application/json");
  });

  it("encodes the IDs as path segments, so an ID cannot reach another path", async () => {
    const { client, sent } = localClient();
    const error = await caught(() => client.get("../../other"));
    expect(sent[0]?.url).toBe(`${LOCAL_BASE_URL}/environments/${ENV}/images/..%2F..%2Fother`);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, kind: "invalid_request", code: "INVALID_DATA" });
  });

  it("refuses an empty image ID before sending (it would address the collection)", async () => {
    const { client, sent } = localClient();
    const error = await caught(() => client.get(""));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "MISSING_IMAGE_ID", kind: "invalid_input" });
    expect(sent).toHaveLength(0);
  });

  it("answers 404 NOT_FOUND for another environment, named in the message", async () => {
    const { client } = localClient();
    const other = "00000000-0000-4000-8000-000000000000";
    const error = await caught(() => client.get(DEMO_PNG_ID, { environmentId: other }));
    expect(error).toMatchObject({ status: 404, kind: "not_found", code: "NOT_FOUND" });
    expect((error as Error).message).toContain(`Unable to find environment with ID '${other}'.`);
  });

  it("aborts with bytewire's AbortError, sending nothing for a signal already aborted", async () => {
    const { client, sent } = localClient();
    const controller = new AbortController();
    controller.abort();
    await expect(client.get(DEMO_PNG_ID, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    await expect(client.delete(DEMO_PNG_ID, { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
      kind: "aborted",
    });
    expect(sent).toHaveLength(0);
  });
});

describe("delete", () => {
  it("deletes with 204 and resolves to undefined; the image is gone, a second delete is 404 NOT_FOUND", async () => {
    const { client, sent } = localClient();
    await expect(client.delete(DEMO_PNG_ID, { transactionId: "cleanup-1" })).resolves.toBeUndefined();
    expect(sent[0]).toMatchObject({ method: "DELETE" });
    expect(sent[0]?.headers.get("x-ping-external-transaction-id")).toBe("cleanup-1");
    const error = await caught(() => client.delete(DEMO_PNG_ID));
    expect(error).toBeInstanceOf(ApiError);
    const failure = error as ApiError;
    expect(failure).toMatchObject({ status: 404, kind: "not_found", code: "NOT_FOUND", method: "DELETE" });
    expect(isPingOneErrorBody(failure.body) && failure.body.code).toBe("NOT_FOUND");
    expect(failure.requestId).toBe(isPingOneErrorBody(failure.body) ? failure.body.id : "missing");
  });

  it("answers 400 INVALID_DATA for an ID that is not a UUID, with the detail in the message", async () => {
    const { client } = localClient();
    const error = await caught(() => client.delete("not-a-uuid"));
    expect(error).toMatchObject({ status: 400, code: "INVALID_DATA" });
    expect((error as Error).message).toMatch(/INVALID_DATA: .+imageID/);
  });
});
