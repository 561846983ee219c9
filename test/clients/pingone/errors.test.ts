import { createPingOneMock, namedExampleBytes } from "bytewire/mocks";
import { ApiError, createPingOneClient, isPingOneErrorBody } from "bytewire/pingone";
import { describe, expect, it } from "vitest";
import { parseContentDisposition } from "../../../src/binary/content-disposition.ts";
import { useMockedApis } from "../../support/msw.ts";
import { AUTH, caught, DEMO_PNG_ID, ENV, LOCAL_BASE_URL, localClient } from "./harness.ts";

useMockedApis(() => [createPingOneMock()]);

const GIF = namedExampleBytes("pingone-icon-gif");

const INVALID = {
  id: "5c1e5f4a-6b7e-4a53-9a0b-3c2d1e0f9a87",
  code: "INVALID_DATA",
  message: "The request could not be completed. One or more validation errors were in the request.",
  details: [
    { code: "INVALID_VALUE", target: "image", message: "The image must be a PNG, JPEG or GIF file." },
    { code: "CONSTRAINT_VIOLATION", target: "image", message: "The image is larger than 2 MB." },
  ],
};

const IMAGE_URL = `${LOCAL_BASE_URL}/environments/${ENV}/images/${DEMO_PNG_ID}`;

/** The error a read gets when PingOne (or a gateway in front of it) answers `status` with `body`. */
function failedRead(status: number, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const client = createPingOneClient({
    baseUrl: LOCAL_BASE_URL,
    auth: AUTH,
    environmentId: ENV,
    maxRetries: 0,
    fetch: async () =>
      typeof body === "string"
        ? new Response(body, { status, headers: { "content-type": "text/html", ...headers } })
        : Response.json(body, { status, headers }),
  });
  return caught(() => client.get(DEMO_PNG_ID));
}

describe("what an ApiError reads from a P1Error", () => {
  it("takes code from the P1Error and adds its first detail to the message, which says what was wrong", async () => {
    const error = await failedRead(400, INVALID);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, kind: "invalid_request", code: "INVALID_DATA", body: INVALID });
    expect((error as Error).message).toBe(
      `pingone GET ${IMAGE_URL}: 400 Bad Request (INVALID_DATA: ${INVALID.message} ` +
        "image: The image must be a PNG, JPEG or GIF file. (+1 more))",
    );

    const noTarget = await failedRead(400, { ...INVALID, details: [{ code: "X", message: "No target." }] });
    expect((noTarget as Error).message).toBe(
      `pingone GET ${IMAGE_URL}: 400 Bad Request (INVALID_DATA: ${INVALID.message} No target.)`,
    );
  });

  it("uses the message alone without details, and reads nothing from bodies that are not P1Errors", async () => {
    const gone = await failedRead(404, { id: "a", code: "NOT_FOUND", message: "Gone.", details: [] });
    expect((gone as Error).message).toBe(`pingone GET ${IMAGE_URL}: 404 Not Found (NOT_FOUND: Gone.)`);

    const html = await failedRead(502, "<html>Bad gateway</html>");
    expect(html).toMatchObject({ status: 502, kind: "server", code: undefined, body: "<html>Bad gateway</html>" });
    expect((html as Error).message).toBe(`pingone GET ${IMAGE_URL}: 502 Bad Gateway`);

    const array = await failedRead(400, [INVALID]);
    expect(array).toMatchObject({ code: undefined, requestId: undefined });
    expect((array as Error).message).toBe(`pingone GET ${IMAGE_URL}: 400 Bad Request`);

    const detailOnly = await failedRead(400, { code: 42, details: [{ message: "only a detail" }] });
    expect(detailOnly).toMatchObject({ code: undefined });
    expect((detailOnly as Error).message).toBe(`pingone GET ${IMAGE_URL}: 400 Bad Request (only a detail)`);
  });

  it("recognises a P1Error by its id, code and message strings", () => {
    expect(isPingOneErrorBody(INVALID)).toBe(true);
    expect(isPingOneErrorBody({ code: "INVALID_DATA", message: "no id" })).toBe(false);
    expect(isPingOneErrorBody({ error: "inventory/notFound", message: "other API" })).toBe(false);
  });

  it("takes requestId from the P1Error id first, then a gateway's x-request-id", async () => {
    const headers = { "x-request-id": "gw-123" };
    expect(await failedRead(400, INVALID, headers)).toMatchObject({ requestId: INVALID.id });
    expect(await failedRead(502, "<html>502</html>", headers)).toMatchObject({ requestId: "gw-123" });
    expect(await failedRead(502, "<html>502</html>")).toMatchObject({ requestId: undefined });
    expect(await failedRead(400, { ...INVALID, id: "" }, headers)).toMatchObject({ requestId: "gw-123" });
  });
});

describe("kind", () => {
  it("is not_found for 404, forbidden for 403, rate_limited for 429, unauthorized for 401, each with the P1Error id", async () => {
    const { client } = localClient();
    const missing = await caught(() => client.get("00000000-0000-4000-8000-000000000000"));
    expect(missing).toMatchObject({ status: 404, kind: "not_found", code: "NOT_FOUND" });
    const { body, requestId } = missing as ApiError;
    expect(requestId).toBe(isPingOneErrorBody(body) ? body.id : "missing");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    // A worker application without a role on the environment: PingOne answers 403 ACCESS_FAILED.
    const denied = { id: "0b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", code: "ACCESS_FAILED", message: "Access denied." };
    expect(await failedRead(403, denied)).toMatchObject({
      status: 403,
      kind: "forbidden",
      code: "ACCESS_FAILED",
      requestId: denied.id,
    });

    const limited = { id: "1c5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", code: "REQUEST_LIMITED", message: "Slow down." };
    expect(await failedRead(429, limited, { "retry-after": "3" })).toMatchObject({
      status: 429,
      kind: "rate_limited",
      code: "REQUEST_LIMITED",
      requestId: limited.id,
      retryAfter: 3,
    });

    const wrongToken = localClient({ auth: { type: "bearer", token: "wrong" } }).client;
    const unauthorized = await caught(() => wrongToken.delete(DEMO_PNG_ID));
    expect(unauthorized).toMatchObject({ status: 401, kind: "unauthorized", code: "ACCESS_FAILED" });
    expect((unauthorized as ApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("Content-Disposition of an upload", () => {
  /** The Content-Disposition an upload named `filename` sends (undefined when none), after the mock stored it. */
  async function dispositionFor(filename: string | undefined): Promise<string | undefined> {
    const { client, sent } = localClient();
    const image = await client.upload(GIF, filename === undefined ? {} : { filename });
    expect(image.targets.original.type).toBe("gif");
    return sent[0]?.headers.get("content-disposition") ?? undefined;
  }

  it("writes a plain name unquoted, as Ping's example does, keeping only the last path segment", async () => {
    expect(await dispositionFor("userimg.jpg")).toBe("attachment; filename=userimg.jpg");
    expect(await dispositionFor("/home/me/Pictures/logo-v2_final.png")).toBe("attachment; filename=logo-v2_final.png");
  });

  it("quotes and escapes anything else, with filename* for non-ASCII, and never leaves CR or LF", async () => {
    expect(await dispositionFor("my logo.png")).toBe('attachment; filename="my logo.png"');
    expect(await dispositionFor("100%.png")).toBe('attachment; filename="100%.png"');
    const injected = await dispositionFor("a\\b\r\nSet-Cookie: x.png");
    expect(injected).toBe('attachment; filename="bSet-Cookie_ x.png"');
    expect(parseContentDisposition(injected ?? "").filename).toBe("bSet-Cookie_ x.png");
    const unicode = await dispositionFor("日本.gif");
    expect(unicode).toBe(`attachment; filename="__.gif"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.gif`);
    expect(parseContentDisposition(unicode ?? "").filename).toBe("日本.gif");
  });

  it("sends no header when no usable name is left", async () => {
    expect(await dispositionFor(undefined)).toBeUndefined();
    expect(await dispositionFor("")).toBeUndefined();
    expect(await dispositionFor("../")).toBeUndefined();
  });
});
