import { describe, expect, it } from "vitest";
import {
  DnSyntaxError,
  dnKey,
  escapeRdnValue,
  formatId,
  formatLdapDn,
  isBelow,
  parseIdDn,
  parsePathDn,
  rdnOf,
  rebaseDn,
} from "../../../src/mocks/hdap/dn.ts";

const values = (path: string) => parsePathDn(path).rdns.map((rdn) => rdn.avas.map((ava) => [ava.type, ava.value]));

describe("HDAP DN paths", () => {
  it("parses a router dnPath: / separates RDNs, %2F and %25 are decoded inside values", () => {
    expect(values("dc=com/dc=example/ou=People/cn=Babs%2FJensen")).toEqual([
      [["dc", "com"]],
      [["dc", "example"]],
      [["ou", "People"]],
      [["cn", "Babs/Jensen"]],
    ]);
    expect(values("cn=100%25/cn=a%252Fb")).toEqual([[["cn", "100%"]], [["cn", "a%2Fb"]]]);
  });

  it("resolves LDAP escapes, hex pairs as UTF-8, and multi-valued RDNs", () => {
    expect(values("cn=Babs\\,Jensen")).toEqual([[["cn", "Babs,Jensen"]]]);
    expect(values("cn=Babs\\2CJensen")).toEqual([[["cn", "Babs,Jensen"]]]);
    expect(values("cn=Ren\\C3\\A9e")).toEqual([[["cn", "Renée"]]]);
    expect(values("cn=Renée")).toEqual([[["cn", "Renée"]]]);
    expect(values("cn=Babs+sn=Jensen")).toEqual([
      [
        ["cn", "Babs"],
        ["sn", "Jensen"],
      ],
    ]);
  });

  it("refuses what is not a DN", () => {
    for (const path of [
      "dc=com//dc=example",
      "/dc=com",
      "dc=com/",
      "cn=a,b",
      "cn=a;b",
      "novalue",
      "1x=a",
      "cn=",
      "cn=\\zz",
      "cn=#04",
      "cn=\\C3",
    ]) {
      expect(() => parsePathDn(path), path).toThrow(DnSyntaxError);
    }
  });

  it("parses JSON identifiers fully percent-decoded, refusing broken escapes", () => {
    expect(parseIdDn("dc=com/cn=Babs%20Jensen").rdns[1]?.avas[0]?.value).toBe("Babs Jensen");
    expect(() => parseIdDn("dc=com/cn=%E0%A4%A")).toThrow(DnSyntaxError);
  });

  it("formats _ids with each value percent-encoded and = literal, as Ping's table shows", () => {
    expect(formatId(parsePathDn("dc=com/cn=Babs Jensen"))).toBe("dc=com/cn=Babs%20Jensen");
    expect(formatId(parsePathDn("dc=com/cn=Babs%2FJensen"))).toBe("dc=com/cn=Babs%2FJensen");
    expect(formatId(parsePathDn("dc=com/cn=Babs\\\\Jensen"))).toBe("dc=com/cn=Babs%5C%5CJensen");
    expect(formatId(parsePathDn("dc=com/cn=Babs\\2CJensen"))).toBe("dc=com/cn=Babs%5C2CJensen");
    expect(formatId({ rdns: [rdnOf("cn", "Babs,Jensen")] })).toBe("cn=Babs%5C%2CJensen");
  });

  it("escapes RDN values with Ping's rules", () => {
    expect(escapeRdnValue('a"b+c,d;e<f=g>h\\i')).toBe('a\\"b\\+c\\,d\\;e\\<f\\=g\\>h\\\\i');
    expect(escapeRdnValue("#lead")).toBe("\\#lead");
    expect(escapeRdnValue(" both ")).toBe("\\ both\\ ");
  });

  it("compares DNs ignoring case, extra spaces, alias names and AVA order", () => {
    const key = dnKey(parsePathDn("dc=com/cn=Babs Jensen+sn=Jensen"));
    expect(dnKey(parsePathDn("DC=COM/sn=JENSEN+commonName=babs  jensen"))).toBe(key);
    expect(dnKey(parsePathDn("dc=com/cn=Babs\\2CJensen"))).toBe(dnKey(parsePathDn("dc=com/cn=Babs\\,Jensen")));
    expect(dnKey(parsePathDn("dc=com/cn=Babs"))).not.toBe(dnKey(parsePathDn("dc=org/cn=Babs")));
  });

  it("writes DNs little-endian for messages, and relates and moves them", () => {
    const people = parsePathDn("dc=com/dc=example/ou=People");
    const babs = parsePathDn("dc=com/dc=example/ou=people/uid=bjensen");
    expect(formatLdapDn(babs)).toBe("uid=bjensen,ou=people,dc=example,dc=com");
    expect(isBelow(babs, people)).toBe(true);
    expect(isBelow(people, people)).toBe(false);
    expect(formatId(rebaseDn(babs, people, parsePathDn("dc=com/ou=Staff")))).toBe("dc=com/ou=Staff/uid=bjensen");
  });
});
