import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPingOneMock, namedExampleBytes } from "bytewire/mocks";
import { ApiError, isPingOneErrorBody } from "bytewire/pingone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { caught, ENV, LOCAL_BASE_URL, localClient } from "./harness.ts";

useMockedApis(() => [createPingOneMock()]);

// Seed 003, step 2: POST {{apiPath}}/environments/{{envID}}/images with Content-Type image/jpeg,
// content-disposition "attachment; filename=userimg.jpg" and the bearer token; then read and delete the image.
const USERIMG = namedExampleBytes("pingone-userimg-jpeg");

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-pingone-seed-"));
  await writeFile(join(folder, "userimg.jpg"), USERIMG);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("seed 003 through the PingOne client", () => {
  it("uploads userimg.jpg with the seed's headers, reads it, deletes it, and then reads 404 NOT_FOUND", async () => {
    const { client, sent } = localClient();

    const image = await client.upload(USERIMG, { filename: "userimg.jpg" });

    expect(sent).toHaveLength(1);
    const [upload] = sent;
    expect(upload?.method).toBe("POST");
    expect(upload?.url).toBe(`${LOCAL_BASE_URL}/environments/${ENV}/images`);
    expect(upload?.headers.get("content-type")).toBe("image/jpeg");
    expect(upload?.headers.get("content-disposition")).toBe("attachment; filename=userimg.jpg");
    expect(upload?.headers.get("authorization")).toBe("Bearer demo-token");
    expect(await upload?.body()).toEqual(USERIMG);

    expect(image.environment.id).toBe(ENV);
    expect(image.targets.original).toMatchObject({ id: "original", type: "jpg", width: 64, height: 48 });
    expect(image.targets.original.href).toMatch(
      new RegExp(`^https://uploads\\.pingone\\.com/environments/${ENV}/images/${image.id}_.+_original\\.jpg$`),
    );
    expect(image._links?.["self"]?.href).toBe(`${LOCAL_BASE_URL}/environments/${ENV}/images/${image.id}`);

    expect(await client.get(image.id)).toEqual(image);
    await expect(client.delete(image.id)).resolves.toBeUndefined();
    expect(sent.map((request) => request.method)).toEqual(["POST", "GET", "DELETE"]);

    const error = await caught(() => client.get(image.id));
    expect(error).toBeInstanceOf(ApiError);
    const gone = error as ApiError;
    expect(gone).toMatchObject({ api: "pingone", status: 404, kind: "not_found", code: "NOT_FOUND", method: "GET" });
    expect(gone.message).toContain(`NOT_FOUND: Unable to find image with ID '${image.id}'.`);
    expect(isPingOneErrorBody(gone.body)).toBe(true);
    // PingOne names no request-id header; the P1Error id is what its support asks for.
    expect(gone.requestId).toBe(isPingOneErrorBody(gone.body) ? gone.body.id : "missing");
  });

  it("uploads the same file from disk by path: the name comes from the path, the bytes are sent as they are", async () => {
    const { client, sent } = localClient();
    const image = await client.upload(join(folder, "userimg.jpg"));
    expect(sent[0]?.headers.get("content-disposition")).toBe("attachment; filename=userimg.jpg");
    expect(sent[0]?.headers.get("content-type")).toBe("image/jpeg");
    expect(await sent[0]?.body()).toEqual(USERIMG);
    expect(image.targets.original).toMatchObject({ type: "jpg", width: 64, height: 48 });
  });
});
