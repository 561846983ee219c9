import { describePingOneError, imageContentDisposition, isPingOneErrorBody, pingOneRequestId } from "bytewire/pingone";
import { describe, expect, it } from "vitest";

const INVALID = {
  id: "5c1e5f4a-6b7e-4a53-9a0b-3c2d1e0f9a87",
  code: "INVALID_DATA",
  message: "The request could not be completed. One or more validation errors were in the request.",
  details: [
    { code: "INVALID_VALUE", target: "image", message: "The image must be a PNG, JPEG or GIF file." },
    { code: "CONSTRAINT_VIOLATION", target: "image", message: "The image is larger than 2 MB." },
  ],
};

describe("describePingOneError", () => {
  it("takes code and message from a P1Error and adds the first detail, which says what was wrong", () => {
    expect(describePingOneError(INVALID)).toEqual({
      code: "INVALID_DATA",
      message:
        "The request could not be completed. One or more validation errors were in the request. " +
        "image: The image must be a PNG, JPEG or GIF file. (+1 more)",
    });
    expect(describePingOneError({ ...INVALID, details: [{ code: "X", message: "No target." }] })).toEqual({
      code: "INVALID_DATA",
      message: `${INVALID.message} No target.`,
    });
  });

  it("uses the message alone without details, and reads nothing from bodies that are not objects", () => {
    expect(describePingOneError({ id: "a", code: "NOT_FOUND", message: "Gone.", details: [] })).toEqual({
      code: "NOT_FOUND",
      message: "Gone.",
    });
    expect(describePingOneError("<html>Bad gateway</html>")).toEqual({});
    expect(describePingOneError(undefined)).toEqual({});
    expect(describePingOneError([INVALID])).toEqual({});
    expect(describePingOneError({ code: 42, details: [{ message: "only a detail" }] })).toEqual({
      code: undefined,
      message: "only a detail",
    });
  });
});

describe("isPingOneErrorBody and pingOneRequestId", () => {
  it("recognises a P1Error by its id, code and message strings", () => {
    expect(isPingOneErrorBody(INVALID)).toBe(true);
    expect(isPingOneErrorBody({ code: "INVALID_DATA", message: "no id" })).toBe(false);
    expect(isPingOneErrorBody({ error: "inventory/notFound", message: "other API" })).toBe(false);
  });

  it("prefers the P1Error id, then a gateway's x-request-id", () => {
    const headers = new Headers({ "x-request-id": "gw-123" });
    expect(pingOneRequestId(headers, INVALID)).toBe(INVALID.id);
    expect(pingOneRequestId(headers, "<html>502</html>")).toBe("gw-123");
    expect(pingOneRequestId(new Headers(), undefined)).toBeUndefined();
  });
});

describe("imageContentDisposition", () => {
  it("writes a plain name unquoted, as Ping's example does", () => {
    expect(imageContentDisposition("userimg.jpg")).toBe("attachment; filename=userimg.jpg");
    expect(imageContentDisposition("/home/me/Pictures/logo-v2_final.png")).toBe(
      "attachment; filename=logo-v2_final.png",
    );
  });

  it("quotes and escapes anything else, with filename* for non-ASCII, and never leaves CR or LF", () => {
    expect(imageContentDisposition("my logo.png")).toBe('attachment; filename="my logo.png"');
    expect(imageContentDisposition("100%.png")).toBe('attachment; filename="100%.png"');
    expect(imageContentDisposition("a\\b\r\nSet-Cookie: x.png")).toBe('attachment; filename="bSet-Cookie_ x.png"');
    expect(imageContentDisposition("日本.gif")).toBe(
      `attachment; filename="__.gif"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.gif`,
    );
  });

  it("gives no header when no usable name is left", () => {
    expect(imageContentDisposition(undefined)).toBeUndefined();
    expect(imageContentDisposition("")).toBeUndefined();
    expect(imageContentDisposition("../")).toBeUndefined();
  });
});
