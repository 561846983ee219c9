import { dnToPath } from "bytewire/hdap";
import { createHdapMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
// No longer public: the client installs it on `raw`; the cases below pin what it does to a dnPath.
import { hdapPathSerializer } from "../../../src/hdap/dn-path.ts";
import { useMockedApis } from "../../support/msw.ts";
import { BASE_URL, BJENSEN_DN, BJENSEN_PATH, hdapClient, KVAUGHAN_PASSWORD_AUTH, recordingFetch } from "./support.ts";

useMockedApis(() => [createHdapMock()]);

describe("raw client: the dnPath serializer", () => {
  it("sends dnPath verbatim, so raw.GET reads the entry the path names", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch });
    const { data, response } = await hdap.raw.GET("/hdap/{dnPath}", {
      params: { path: { dnPath: BJENSEN_PATH }, query: { _fields: "cn,mail" } },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ _id: BJENSEN_PATH, cn: ["Barbara Jensen", "Babs Jensen"] });
    expect(sent.map((request) => request.url)).toEqual([`${BASE_URL}/hdap/${BJENSEN_PATH}?_fields=cn%2Cmail`]);
  });

  it("keeps %2F inside a value and = literal where openapi-fetch's default would encode both", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    const dnPath = dnToPath("cn=Babs/Jensen\\, Jr.,ou=People,dc=example,dc=com");
    const created = await hdap.raw.PUT("/hdap/{dnPath}", {
      params: { path: { dnPath }, header: { "If-None-Match": "*" } },
      body: { objectClass: ["top", "person"], cn: "Babs/Jensen, Jr.", sn: "Jensen" },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ _id: dnPath, cn: ["Babs/Jensen, Jr."] });
    const put = sent.find((request) => request.method === "PUT");
    expect(put?.url).toBe(`${BASE_URL}/hdap/dc=com/dc=example/ou=People/cn=Babs%2FJensen%5C%2C%20Jr.`);
  });

  it("encodes what cannot stand in a URL path and refuses dot segments", () => {
    const template = `${BASE_URL}/hdap/{dnPath}`;
    expect(hdapPathSerializer(template, { dnPath: "dc=com/cn=a b?c#d" })).toBe(
      `${BASE_URL}/hdap/dc=com/cn=a%20b%3Fc%23d`,
    );
    expect(hdapPathSerializer(template, { dnPath: "dc=com/cn=100%" })).toBe(`${BASE_URL}/hdap/dc=com/cn=100%25`);
    expect(hdapPathSerializer(template, { dnPath: "dc=com/cn=$&$'" })).toBe(`${BASE_URL}/hdap/dc=com/cn=$&$'`);
    expect(hdapPathSerializer(template, { dnPath: "dc=com/cn=%C3%A9" })).toBe(`${BASE_URL}/hdap/dc=com/cn=%C3%A9`);
    expect(hdapPathSerializer(`${BASE_URL}/x/{id}`, { id: "a/b" })).toBe(`${BASE_URL}/x/a%2Fb`);
    for (const dnPath of ["dc=com/../uid=admin", "./dc=com", "dc=com/%2e%2E"]) {
      expect(() => hdapPathSerializer(template, { dnPath }), dnPath).toThrow(
        expect.objectContaining({ name: "InvalidInputError", code: "INVALID_DN_PATH" }),
      );
    }
  });

  it("reaches the actions no task method wraps (accountUsability) with typed params", async () => {
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH });
    const { data, response } = await hdap.raw.POST("/hdap/{dnPath}", {
      params: { path: { dnPath: dnToPath(BJENSEN_DN) }, query: { _action: "accountUsability" } },
      body: {},
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ status: "valid" });
  });
});
