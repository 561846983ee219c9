import { createPingOneMock, namedExampleBytes } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { createTestDispatcher } from "../../support/mock.ts";

const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const BASE = `http://localhost:4010/v1/environments/${ENV}/images`;
const AUTH = { authorization: "Bearer demo-token" };

let clock = Date.parse("2026-11-22T10:00:00Z");
const now = () => clock;
let mock = createPingOneMock({}, now);
let dispatcher = createTestDispatcher([mock], now);

async function send(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await dispatcher.dispatch(new Request(url, init));
  if (!response) {
    throw new Error(`the mock did not answer ${url}`);
  }
  return response;
}

function upload(
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string,
  headers: Record<string, string> = AUTH,
): Promise<Response> {
  return send(BASE, { method: "POST", body: bytes, headers: { "content-type": contentType, ...headers } });
}

beforeEach(() => {
  clock = Date.parse("2026-11-22T10:00:00Z");
  mock = createPingOneMock({}, now);
  dispatcher = createTestDispatcher([mock], now);
});

describe("PingOne images mock", () => {
  it("answers the seed's upload: 201 without Location, the type and size read from the JPEG's bytes", async () => {
    const response = await upload(namedExampleBytes("pingone-userimg-jpeg"), "image/jpeg", {
      ...AUTH,
      "content-disposition": "attachment; filename=userimg.jpg",
    });
    expect(response.status).toBe(201);
    const image = await response.json();
    expect(image.targets.original).toMatchObject({ id: "original", type: "jpg", width: 64, height: 48 });
    expect(image.environment.id).toBe(ENV);
    expect(image.createdAt).toBe("2026-11-22T10:00:00.000Z");
    // Ping documents no Location header; `_links.self` is where the image is.
    expect(response.headers.get("location")).toBeNull();
    expect(image._links.self.href).toBe(`${BASE}/${image.id}`);

    const read = await send(`${BASE}/${image.id}`, { headers: AUTH });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(image);
  });

  it("takes image/jpg, as Ping's create-image page sends it, and any other image/* type", async () => {
    for (const type of ["image/jpg", "image/pjpeg", "IMAGE/JPG; q=1"]) {
      const response = await upload(namedExampleBytes("pingone-userimg-jpeg"), type);
      expect(response.status, type).toBe(201);
      expect((await response.json()).targets.original).toMatchObject({ type: "jpg", width: 64, height: 48 });
    }
    const text = await upload(namedExampleBytes("pingone-userimg-jpeg"), "text/plain");
    expect(text.status).toBe(400);
    expect((await text.json()).code).toBe("INVALID_DATA");
  });

  it("reads the type from the bytes, not from Content-Type", async () => {
    const response = await upload(namedExampleBytes("pingone-logo-png"), "image/jpeg");
    expect(response.status).toBe(201);
    expect((await response.json()).targets.original).toMatchObject({ type: "png", width: 80, height: 40 });
  });

  it("stores a GIF with its logical screen size", async () => {
    const response = await upload(namedExampleBytes("pingone-icon-gif"), "image/gif");
    expect((await response.json()).targets.original).toMatchObject({ type: "gif", width: 16, height: 16 });
  });

  it("rejects bytes that are not a PNG, JPEG or GIF with 400 INVALID_DATA and a detail", async () => {
    const response = await upload(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/png");
    expect(response.status).toBe(400);
    const error = await response.json();
    expect(error.code).toBe("INVALID_DATA");
    expect(error.details[0]).toMatchObject({ target: "image" });
  });

  it("rejects a media type PingOne does not store (SVG) with 400 INVALID_DATA, not 415", async () => {
    const response = await upload(new TextEncoder().encode("<svg/>"), "image/svg+xml");
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("INVALID_DATA");
  });

  it("accepts exactly 2 MiB and rejects one byte more with 400 INVALID_DATA", async () => {
    const png = namedExampleBytes("pingone-logo-png");
    const exact = new Uint8Array(2 * 1024 * 1024);
    exact.set(png);
    expect((await upload(exact, "image/png")).status).toBe(201);
    const over = new Uint8Array(2 * 1024 * 1024 + 1);
    over.set(png);
    const response = await upload(over, "image/png");
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("INVALID_DATA");
  });

  it("needs a body", async () => {
    const response = await send(BASE, { method: "POST", headers: AUTH });
    expect(response.status).toBe(400);
  });

  it("answers 401 ACCESS_FAILED without a token or with a wrong one, and accepts any case of Bearer", async () => {
    const png = namedExampleBytes("pingone-logo-png");
    for (const headers of [{}, { authorization: "Bearer nope" }, { authorization: "Basic ZGVtbzpkZW1v" }]) {
      const response = await upload(png, "image/png", headers);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.code).toBe("ACCESS_FAILED");
      expect(JSON.stringify(body)).not.toContain("nope");
    }
    expect((await upload(png, "image/png", { authorization: "bearer demo-token" })).status).toBe(201);
  });

  it("serves the demo images and deletes them: 204, then 404 NOT_FOUND", async () => {
    const url = `${BASE}/99b4c866-041f-4c04-b495-be764f14927f`;
    const read = await send(url, { headers: AUTH });
    expect((await read.json()).targets.original).toMatchObject({ type: "png", width: 80, height: 40 });
    expect((await send(url, { method: "DELETE", headers: AUTH })).status).toBe(204);
    const gone = await send(url, { headers: AUTH });
    expect(gone.status).toBe(404);
    expect((await gone.json()).code).toBe("NOT_FOUND");
    mock.reset();
    expect((await send(url, { headers: AUTH })).status).toBe(200);
  });

  it("answers 404 for an unknown environment and 400 for an ID that is not a UUID", async () => {
    const other = "00000000-0000-4000-8000-000000000000";
    const response = await send(`http://localhost:4010/v1/environments/${other}/images/${other}`, { headers: AUTH });
    expect(response.status).toBe(404);
    expect((await response.json()).message).toContain(other);
    expect((await send(`${BASE}/not-a-uuid`, { headers: AUTH })).status).toBe(400);
  });

  it("answers 405 in PingOne's shape for a method the path does not have", async () => {
    const response = await send(`${BASE}/99b4c866-041f-4c04-b495-be764f14927f`, { method: "PUT", headers: AUTH });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, DELETE");
    expect((await response.json()).id).toBeTypeOf("string");
  });

  it("limits the rate when asked: 429 REQUEST_LIMITED with Retry-After, then recovers", async () => {
    mock = createPingOneMock({ rateLimit: { requests: 2, windowMs: 10_000 } }, now);
    dispatcher = createTestDispatcher([mock], now);
    const url = `${BASE}/99b4c866-041f-4c04-b495-be764f14927f`;
    expect((await send(url, { headers: AUTH })).status).toBe(200);
    expect((await send(url, { headers: AUTH })).status).toBe(200);
    clock += 4_000;
    const limited = await send(url, { headers: AUTH });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("6");
    expect((await limited.json()).code).toBe("REQUEST_LIMITED");
    clock += 6_000;
    expect((await send(url, { headers: AUTH })).status).toBe(200);
  });
});
