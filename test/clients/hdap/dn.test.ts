import { dnToPath, escapeDnValue, formatDn, type HdapRdn, parseDn, pathToDn } from "bytewire/hdap";
import { describe, expect, it } from "vitest";
// No longer public (the client turns DNs into paths itself); they are what dnToPath and pathToDn are built on.
import { pathToRdns, rdnsToPath } from "../../../src/hdap/dn-path.ts";
import { seededRandom } from "./support.ts";

const BJENSEN_DN = "uid=bjensen,ou=People,dc=example,dc=com";
const BJENSEN_PATH = "dc=com/dc=example/ou=People/uid=bjensen";

function invalid(run: () => unknown): { code: unknown; message: string } {
  try {
    run();
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message };
  }
  throw new Error("expected an InvalidInputError");
}

describe("dnToPath / pathToDn: the document's and Ping's examples", () => {
  it("turns a DN into the big-endian path and back", () => {
    expect(dnToPath(BJENSEN_DN)).toBe(BJENSEN_PATH);
    expect(pathToDn(BJENSEN_PATH)).toBe(BJENSEN_DN);
    expect(dnToPath("uid=admin")).toBe("uid=admin");
  });

  it("encodes each row of the dnPath table (space, slash, backslash, comma)", () => {
    const people = "ou=People,dc=example,dc=com";
    expect(dnToPath(`cn=Babs Jensen,${people}`)).toBe("dc=com/dc=example/ou=People/cn=Babs%20Jensen");
    expect(dnToPath(`cn=Babs/Jensen,${people}`)).toBe("dc=com/dc=example/ou=People/cn=Babs%2FJensen");
    expect(dnToPath(`cn=Babs\\\\Jensen,${people}`)).toBe("dc=com/dc=example/ou=People/cn=Babs%5C%5CJensen");
    expect(dnToPath(`cn=Babs\\,Jensen,${people}`)).toBe("dc=com/dc=example/ou=People/cn=Babs%5C%2CJensen");
    // Ping's hex form of the comma names the same entry, so it gives the same path.
    expect(dnToPath(`cn=Babs\\2CJensen,${people}`)).toBe("dc=com/dc=example/ou=People/cn=Babs%5C%2CJensen");
    // ... and the path Ping's page prints (with its typo fixed) reads back as that DN.
    expect(pathToDn("dc=com/dc=example/ou=People/cn=Babs%5C2CJensen")).toBe(`cn=Babs\\,Jensen,${people}`);
  });

  it("escapes every LDAP special character, leading and trailing spaces and a leading #, keeping = literal", () => {
    expect(escapeDnValue('a"#+,;<=>\\b')).toBe('a\\"\\#\\+\\,\\;\\<\\=\\>\\\\b');
    expect(escapeDnValue(" padded ")).toBe("\\ padded\\ ");
    expect(escapeDnValue("#1")).toBe("\\#1");
    expect(escapeDnValue("nul\u0000")).toBe("nul\\00");
    expect(dnToPath([{ type: "cn", value: "a=b" }])).toBe("cn=a%5C%3Db");
    expect(dnToPath([{ type: "cn", value: " x " }])).toBe("cn=%5C%20x%5C%20");
    expect(dnToPath([{ type: "cn", value: "#tag" }])).toBe("cn=%5C%23tag");
    expect(dnToPath([{ type: "cn", value: "100% é/日" }])).toBe("cn=100%25%20%C3%A9%2F%E6%97%A5");
  });

  it("keeps a multi-valued RDN in one segment, joined by a literal +", () => {
    const rdns = parseDn("cn=Babs+sn=Jensen,dc=com");
    expect(rdns).toEqual([
      { type: "cn", value: "Babs", plus: [{ type: "sn", value: "Jensen" }] },
      { type: "dc", value: "com" },
    ]);
    expect(rdnsToPath(rdns)).toBe("dc=com/cn=Babs+sn=Jensen");
    expect(pathToRdns("dc=com/cn=Babs+sn=Jensen")).toEqual(rdns);
    // An escaped plus is data, not a separator.
    expect(parseDn("cn=a\\+b")).toEqual([{ type: "cn", value: "a+b" }]);
  });
});

describe("parseDn", () => {
  it("resolves escapes, UTF-8 hex pairs and ignores unescaped spaces around separators", () => {
    expect(parseDn("uid=bjensen, ou=People , dc=example,dc = com")).toEqual([
      { type: "uid", value: "bjensen" },
      { type: "ou", value: "People" },
      { type: "dc", value: "example" },
      { type: "dc", value: "com" },
    ]);
    expect(parseDn("cn=\\C3\\A9t\\C3\\A9")).toEqual([{ type: "cn", value: "été" }]);
    expect(parseDn("cn=\\ lead and trail\\ ")).toEqual([{ type: "cn", value: " lead and trail " }]);
    expect(parseDn("cn=a=b#c")).toEqual([{ type: "cn", value: "a=b#c" }]);
    expect(parseDn("2.5.4.3=oid")).toEqual([{ type: "2.5.4.3", value: "oid" }]);
    expect(parseDn("")).toEqual([]);
  });

  it("refuses malformed DNs with INVALID_DN and the position, never the text", () => {
    for (const [dn, position] of [
      ["uid=bjensen,", 12],
      ["uid", 3],
      ["=x", 0],
      ["cn=a;b", 4],
      ["cn=a<b", 4],
      ['cn="q"', 3],
      ["cn=bad\\x", 6],
      ["cn=#04024869", 3],
      ["1cn=x", 0],
      ["cn=\\FF", 6],
    ] as const) {
      const error = invalid(() => parseDn(dn));
      expect(error.code, dn).toBe("INVALID_DN");
      expect(error.message, dn).toContain(`position ${position}`);
    }
    expect(invalid(() => parseDn("cn=secret-value;x")).message).not.toContain("secret-value");
  });
});

describe("pathToRdns", () => {
  it("refuses empty segments, bad percent-encoding and segments holding more than one RDN", () => {
    expect(invalid(() => pathToRdns("dc=com//uid=x")).code).toBe("INVALID_DN_PATH");
    expect(invalid(() => pathToRdns("/dc=com")).code).toBe("INVALID_DN_PATH");
    expect(invalid(() => pathToRdns("dc=com/cn=%E6%97")).code).toBe("INVALID_DN_PATH");
    expect(invalid(() => pathToRdns("dc=com/cn=a,ou=b")).code).toBe("INVALID_DN");
    expect(invalid(() => pathToRdns("dc=com/cn=a%2Cou=b")).code).toBe("INVALID_DN");
    expect(invalid(() => dnToPath("")).code).toBe("INVALID_DN");
    expect(invalid(() => rdnsToPath([{ type: "bad type", value: "x" }])).code).toBe("INVALID_DN");
  });
});

// Values built from the characters that break naive encoders: LDAP specials, URL delimiters, spaces at the ends,
// a leading '#', NUL, non-ASCII in the BMP and beyond.
const AWKWARD = [..." /,+\\#=\";<>%?&:'\t.-_~", "\u0000", "é", "日", "😀", "a", "Z", "0"];
const TYPES = ["cn", "uid", "ou", "dc", "2.5.4.3", "x-Custom"];

function randomValue(random: () => number): string {
  const length = 1 + Math.floor(random() * 8);
  let value = "";
  for (let index = 0; index < length; index++) {
    value += AWKWARD[Math.floor(random() * AWKWARD.length)];
  }
  return value;
}

function randomRdns(random: () => number): HdapRdn[] {
  const count = 1 + Math.floor(random() * 5);
  return Array.from({ length: count }, () => {
    const type = TYPES[Math.floor(random() * TYPES.length)] ?? "cn";
    const rdn: HdapRdn = { type, value: randomValue(random) };
    return random() < 0.15 ? { ...rdn, plus: [{ type: "sn", value: randomValue(random) }] } : rdn;
  });
}

describe("round trips with awkward values (2000 seeded random DNs)", () => {
  const random = seededRandom(0x5eed_4514);
  const samples = Array.from({ length: 2000 }, () => randomRdns(random));

  it("parseDn(formatDn(rdns)) gives the RDNs back", () => {
    for (const rdns of samples) {
      expect(parseDn(formatDn(rdns)), JSON.stringify(rdns)).toEqual(rdns);
    }
  });

  it("pathToRdns(rdnsToPath(rdns)) gives the RDNs back, one segment per RDN, only URL-safe characters", () => {
    for (const rdns of samples) {
      const path = rdnsToPath(rdns);
      expect(path.split("/"), path).toHaveLength(rdns.length);
      expect(path).toMatch(/^[A-Za-z0-9\-_.!~*'()%=+/]+$/);
      expect(pathToRdns(path), path).toEqual(rdns);
    }
  });

  it("dnToPath and pathToDn are inverse on canonical strings", () => {
    for (const rdns of samples) {
      const dn = formatDn(rdns);
      const path = dnToPath(dn);
      expect(pathToDn(path)).toBe(dn);
      expect(dnToPath(pathToDn(path))).toBe(path);
    }
  });
});
