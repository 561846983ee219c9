import { describe, expect, it } from "vitest";
import {
  assertHeaderValue,
  formatContentDisposition,
  parseContentDisposition,
  sanitizeFilename,
} from "../../src/binary/content-disposition.ts";
import { InvalidInputError } from "../../src/core/errors.ts";

describe("parseContentDisposition", () => {
  const cases: Array<[string, string, string | undefined, string]> = [
    ["attachment", "attachment", undefined, "a bare type"],
    ["INLINE", "inline", undefined, "the type in lower case"],
    ['attachment; filename="report.pdf"', "attachment", "report.pdf", "a quoted filename"],
    ["attachment; filename=report.pdf", "attachment", "report.pdf", "a token filename"],
    [
      "attachment; filename=annual report 2024.pdf",
      "attachment",
      "annual report 2024.pdf",
      "an unquoted name with spaces",
    ],
    [
      'attachment; filename="a \\"quoted\\" \\\\ name.txt"',
      "attachment",
      'a "quoted" \\ name.txt',
      "backslash escapes",
    ],
    ['attachment; filename="semi;colon.txt"; size=3', "attachment", "semi;colon.txt", "a ';' inside quotes"],
    ["attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf", "attachment", "€ rates.pdf", "RFC 8187 UTF-8"],
    [
      "attachment; filename*=utf-8'en'Gr%C3%B6%C3%9Fe.txt",
      "attachment",
      "Größe.txt",
      "a lower-case charset and language",
    ],
    ["attachment; filename*=ISO-8859-1''caf%E9.txt", "attachment", "café.txt", "ISO-8859-1"],
    [
      "attachment; filename=\"EURO rates.pdf\"; filename*=UTF-8''%E2%82%AC%20rates.pdf",
      "attachment",
      "€ rates.pdf",
      "filename* after filename",
    ],
    [
      "attachment; filename*=UTF-8''%E2%82%AC.pdf; filename=\"EUR.pdf\"",
      "attachment",
      "€.pdf",
      "filename* before filename",
    ],
    ["attachment; filename*=UTF-8''%FF%FE.txt; filename=fallback.txt", "attachment", "fallback.txt", "invalid UTF-8"],
    ["attachment; filename*=UTF-8''%E2%8.txt; filename=fallback.txt", "attachment", "fallback.txt", "a broken escape"],
    [
      "attachment; filename*=KOI8-R''%C1.txt; filename=fallback.txt",
      "attachment",
      "fallback.txt",
      "an unknown charset",
    ],
    ["attachment; filename*=noquotes.txt; filename=fallback.txt", "attachment", "fallback.txt", "no charset quotes"],
    ['filename="only-params.bin"', "", "only-params.bin", "parameters without a type"],
    ["attachment;filename=tight.txt", "attachment", "tight.txt", "no space after ';'"],
    ['attachment ;  FileName = "spaced.txt" ', "attachment", "spaced.txt", "spaces and a mixed-case name"],
    ['attachment; filename="first.txt"; filename="second.txt"', "attachment", "first.txt", "duplicates (first wins)"],
    ['attachment; filename="unterminated.txt', "attachment", "unterminated.txt", "an unterminated quote"],
    ["attachment; foo; filename=x.txt", "attachment", "x.txt", "a parameter without a value"],
    ["", "", undefined, "an empty header"],
  ];
  for (const [header, type, filename, label] of cases) {
    it(`parses ${label}`, () => {
      const parsed = parseContentDisposition(header);
      expect(parsed.type).toBe(type);
      expect(parsed.filename).toBe(filename);
    });
  }

  it("exposes all parameters, decoded, on an object without a prototype", () => {
    const parsed = parseContentDisposition(
      'form-data; name="field"; filename="a.txt"; filename*=UTF-8\'\'b%C3%A4.txt; __proto__=x; constructor=y',
    );
    expect(Object.entries(parsed.parameters)).toEqual([
      ["name", "field"],
      ["filename", "a.txt"],
      ["filename*", "bä.txt"],
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
    expect(Object.getPrototypeOf(parsed.parameters)).toBeNull();
  });
});

describe("formatContentDisposition", () => {
  it("writes plain ASCII names as a quoted filename only", () => {
    expect(formatContentDisposition({ filename: "report.pdf" })).toBe('attachment; filename="report.pdf"');
    expect(formatContentDisposition({ type: "inline", filename: "logo.png" })).toBe('inline; filename="logo.png"');
    expect(formatContentDisposition()).toBe("attachment");
  });

  it("escapes quotes and backslashes in the quoted string", () => {
    expect(formatContentDisposition({ filename: 'say "hi" \\ bye.txt' })).toBe(
      'attachment; filename="say \\"hi\\" \\\\ bye.txt"',
    );
  });

  it("adds filename* for non-ASCII names, with an ASCII fallback", () => {
    expect(formatContentDisposition({ filename: "Größe €.pdf" })).toBe(
      "attachment; filename=\"Gr__e _.pdf\"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%E2%82%AC.pdf",
    );
    // An astral character is one replacement, not two.
    expect(formatContentDisposition({ filename: "😀.png" })).toBe(
      "attachment; filename=\"_.png\"; filename*=UTF-8''%F0%9F%98%80.png",
    );
  });

  it("percent-encodes RFC 8187 non-attr-chars such as ' ( ) * in filename*", () => {
    const header = formatContentDisposition({ filename: "it's (1)*ü.txt" });
    expect(header).toContain("filename*=UTF-8''it%27s%20%281%29%2A%C3%BC.txt");
  });

  it("cannot inject header lines: CR, LF and other controls never reach the output", () => {
    const attempts = [
      "evil.txt\r\nSet-Cookie: a=b",
      "evil.txt\nX-Injected: 1",
      'evil.txt"; filename="other.exe',
      "tab\there\u0000nul\u007fdel.txt",
    ];
    for (const filename of attempts) {
      for (const type of ["attachment", "inline"] as const) {
        const header = formatContentDisposition({ type, filename });
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
        expect(header).not.toMatch(/[\u0000-\u001f\u007f]/);
        expect(new Headers({ "content-disposition": header }).get("content-disposition")).toBe(header);
        expect(parseContentDisposition(header).type).toBe(type);
      }
      const formData = formatContentDisposition({ type: "form-data", name: filename, filename });
      expect(formData).not.toMatch(/[\r\n]/);
    }
    expect(
      parseContentDisposition(formatContentDisposition({ filename: 'evil.txt"; filename="other.exe' })).filename,
    ).toBe('evil.txt"; filename="other.exe');
  });

  it("round-trips names through parseContentDisposition", () => {
    const names = [
      "plain.txt",
      "with space.txt",
      'quote".txt',
      "back\\slash.txt",
      "semi;colon=equals.txt",
      "Größe.pdf",
      "日本語のファイル.xlsx",
      "emoji 😀 name.png",
      "percent%20kept.txt",
      "it's (1).txt",
      "",
    ];
    for (const filename of names) {
      expect(parseContentDisposition(formatContentDisposition({ filename })).filename, filename).toBe(filename);
    }
  });

  it("writes form-data part headers the way browsers do (RFC 7578: no filename*)", () => {
    expect(formatContentDisposition({ type: "form-data", name: "file", filename: "Größe.pdf" })).toBe(
      'form-data; name="file"; filename="Größe.pdf"',
    );
    expect(formatContentDisposition({ type: "form-data", name: 'a"b\r\nc' })).toBe('form-data; name="a%22b%0D%0Ac"');
  });

  it("keeps a lone surrogate from breaking filename*", () => {
    expect(formatContentDisposition({ filename: "bad\ud800.txt" })).toContain("filename*=UTF-8''bad%EF%BF%BD.txt");
  });
});

describe("sanitizeFilename", () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    ["report.pdf", "report.pdf"],
    ["../../etc/passwd", "passwd"],
    ["..\\..\\windows\\system.ini", "system.ini"],
    ["C:\\Users\\me\\photo.jpg", "photo.jpg"],
    ["/absolute/path/file.txt", "file.txt"],
    ["dir/", undefined],
    ["..", undefined],
    [".", undefined],
    ["...", undefined],
    ["", undefined],
    [undefined, undefined],
    ["  spaced name.txt  ", "spaced name.txt"],
    ["trailing dots...", "trailing dots"],
    ["new\r\nline\u0000.txt", "newline.txt"],
    ['what?<is>"this"|*.txt', "what__is__this___.txt"],
    ["CON", "_CON"],
    ["nul.txt", "_nul.txt"],
    ["console.log", "console.log"],
    [".hidden", ".hidden"],
    ["Größe.pdf", "Größe.pdf"],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      expect(sanitizeFilename(input)).toBe(expected);
    });
  }

  it("caps names at 255 UTF-8 bytes, keeping the extension and whole characters", () => {
    const long = `${"ü".repeat(300)}.jpeg`;
    const safe = sanitizeFilename(long) ?? "";
    expect(new TextEncoder().encode(safe).length).toBeLessThanOrEqual(255);
    expect(new TextEncoder().encode(safe).length).toBeGreaterThan(250);
    expect(safe.endsWith("ü.jpeg")).toBe(true);
  });
});

describe("assertHeaderValue", () => {
  it("accepts normal values and rejects CR/LF with INVALID_HEADER_VALUE", () => {
    expect(() => assertHeaderValue("image/png; charset=binary", "type")).not.toThrow();
    expect(() => assertHeaderValue("image/png\r\nX-Evil: 1", "type")).toThrow(InvalidInputError);
    try {
      assertHeaderValue("a\nb", "The type");
    } catch (error) {
      expect(error).toMatchObject({ code: "INVALID_HEADER_VALUE" });
      expect((error as Error).message).not.toContain("a\nb");
    }
  });
});
