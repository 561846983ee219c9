import { createPingOneMock, namedExampleBytes } from "bytewire/mocks";
import { createPingOneClient, PINGONE_REGIONS, type PingOneRegion, TimeoutError } from "bytewire/pingone";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { AUTH, DEMO_PNG_ID, ENV, recordingFetch } from "./harness.ts";

useMockedApis(() => [createPingOneMock()]);

describe("createPingOneClient: where requests go", () => {
  it("builds https://api.pingone.<region>/v1 for every region, com by default", () => {
    expect(PINGONE_REGIONS).toEqual(["com", "eu", "ca", "com.au", "sg", "asia"]);
    expect(createPingOneClient({ auth: AUTH }).baseUrl).toBe("https://api.pingone.com/v1");
    expect(PINGONE_REGIONS.map((region) => createPingOneClient({ auth: AUTH, region }).baseUrl)).toEqual([
      "https://api.pingone.com/v1",
      "https://api.pingone.eu/v1",
      "https://api.pingone.ca/v1",
      "https://api.pingone.com.au/v1",
      "https://api.pingone.sg/v1",
      "https://api.pingone.asia/v1",
    ]);
  });

  it("sends each region's requests to its host (answered in-process; nothing leaves the machine)", async () => {
    for (const region of PINGONE_REGIONS) {
      const { sent, fetch } = recordingFetch();
      const client = createPingOneClient({ region, auth: AUTH, environmentId: ENV, fetch });
      const image = await client.get(DEMO_PNG_ID);
      expect(sent[0]?.url).toBe(`https://api.pingone.${region}/v1/environments/${ENV}/images/${DEMO_PNG_ID}`);
      expect(image._links?.["self"]?.href).toBe(sent[0]?.url);
    }
  });

  it("uses an explicit baseUrl instead of a region, such as the mock server's", async () => {
    const { sent, fetch } = recordingFetch();
    const client = createPingOneClient({ baseUrl: "http://localhost:4010/v1", auth: AUTH, fetch });
    expect(client.baseUrl).toBe("http://localhost:4010/v1");
    expect(client.environmentId).toBeUndefined();
    await client.get(DEMO_PNG_ID, { environmentId: ENV });
    expect(sent[0]?.url).toBe(`http://localhost:4010/v1/environments/${ENV}/images/${DEMO_PNG_ID}`);
  });

  it("rejects an unknown region, a base URL with credentials in it, and a missing or unknown auth", () => {
    expect(() => createPingOneClient({ auth: AUTH, region: "de" as PingOneRegion })).toThrow(
      /Unknown PingOne region "de"; expected one of com, eu, ca, com.au, sg, asia/,
    );
    expect(() => createPingOneClient({ auth: AUTH, baseUrl: "https://user:secret@api.pingone.com/v1" })).toThrow(
      TypeError,
    );
    const withAuth = (auth: unknown) => () => createPingOneClient({ auth: auth as typeof AUTH });
    expect(withAuth(undefined)).toThrow(/PingOne needs auth: \{ type: "bearer", token \}/);
    expect(withAuth({ type: "basic", user: "u", password: "secret-pw" })).toThrow(TypeError);
    try {
      withAuth({ type: "basic", user: "u", password: "secret-pw" })();
    } catch (error) {
      expect((error as Error).message).not.toContain("secret-pw");
    }
  });
});

describe("per-call options", () => {
  it("applies a call's timeout to that call only, uploads included", async () => {
    let calls = 0;
    // A server that never answers: only the timeout ends the wait.
    const silent = (request: Request) => {
      calls++;
      return new Promise<Response>((_, reject) => {
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      });
    };
    const client = createPingOneClient({ auth: AUTH, environmentId: ENV, fetch: silent, maxRetries: 0 });
    const png = namedExampleBytes("pingone-logo-png");
    await expect(client.get(DEMO_PNG_ID, { timeout: 30 })).rejects.toBeInstanceOf(TimeoutError);
    await expect(client.upload(png, { timeout: 30 })).rejects.toMatchObject({
      name: "TimeoutError",
      kind: "timeout",
      timeout: 30,
    });
    await expect(client.delete(DEMO_PNG_ID, { timeout: 30 })).rejects.toMatchObject({
      name: "TimeoutError",
      method: "DELETE",
    });
    expect(calls).toBe(3);
  });

  it("sends the caller's extra headers", async () => {
    const { sent, fetch } = recordingFetch();
    const client = createPingOneClient({ auth: AUTH, environmentId: ENV, fetch, headers: { "X-Client": "a" } });
    await client.get(DEMO_PNG_ID, { headers: { "X-Call": "b" } });
    expect(sent[0]?.headers.get("x-client")).toBe("a");
    expect(sent[0]?.headers.get("x-call")).toBe("b");
  });
});

describe("raw: the typed openapi-fetch client", () => {
  it("reads with the client's auth and transport", async () => {
    const client = createPingOneClient({ baseUrl: "http://localhost:4010/v1", auth: AUTH });
    const { data, error, response } = await client.raw.GET("/environments/{envID}/images/{imageID}", {
      params: { path: { envID: ENV, imageID: DEMO_PNG_ID } },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.targets.original.type).toBe("png");
  });

  it("uploads a Blob as raw bytes (not JSON) when given its Content-Type", async () => {
    const { sent, fetch } = recordingFetch();
    const client = createPingOneClient({ baseUrl: "http://localhost:4010/v1", auth: AUTH, fetch });
    const gif = namedExampleBytes("pingone-icon-gif");
    const { data, response } = await client.raw.POST("/environments/{envID}/images", {
      params: { path: { envID: ENV }, header: { "Content-Disposition": "attachment; filename=icon.gif" } },
      body: new Blob([gif]),
      headers: { "Content-Type": "image/gif" },
    });
    expect(response.status).toBe(201);
    expect(data?.targets.original).toMatchObject({ type: "gif", width: 16, height: 16 });
    expect(await sent[0]?.body()).toEqual(gif);
    expect(sent[0]?.headers.get("content-disposition")).toBe("attachment; filename=icon.gif");
  });

  it("returns errors as { error } with PingOne's body, without throwing", async () => {
    const client = createPingOneClient({
      baseUrl: "http://localhost:4010/v1",
      auth: { type: "bearer", token: "nope" },
    });
    const { data, error, response } = await client.raw.DELETE("/environments/{envID}/images/{imageID}", {
      params: { path: { envID: ENV, imageID: DEMO_PNG_ID } },
    });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error?.code).toBe("ACCESS_FAILED");
  });
});
