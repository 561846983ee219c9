import { type HdapAuth, type HdapClient, pathToDn } from "bytewire/hdap";
import { createHdapMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { decodeBase64 } from "../../../src/binary/base64.ts";
import { useMockedApis } from "../../support/msw.ts";
import { authenticateCalls, BASE_URL, hdapClient, recordingFetch } from "./support.ts";

// Seed 000 (PingDS 8.1 "Binary resources"): Kirsten Vaughan adds Babs Jensen's profile photo, then reads it back with
// `_fields=photo`. The photo and the read output are copied from the seed; `<revision>` stands for the real `_rev`.
const SEED_PHOTO =
  "/9j/4AAQSkZJRgABAQEAYABgAAD/4QAWRXhpZgAASUkqAAgAAAAAAAAAAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/2wBDAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAr/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AL+AAf/Z";
const SEED_PUT_DATA = `{"photo": "${SEED_PHOTO}"}`;
const SEED_READ_OUTPUT = [
  "{",
  '  "_id" : "dc=com/dc=example/ou=People/uid=bjensen",',
  '  "_rev" : "<revision>",',
  `  "photo" : [ "${SEED_PHOTO}" ]`,
  "}",
].join("\n");
const BJENSEN_PATH = "dc=com/dc=example/ou=People/uid=bjensen";
// The seed names accounts by their HDAP path (`--user dc=com/.../uid=kvaughan:bribery`); the SDK also takes DNs.
const KVAUGHAN = { path: "dc=com/dc=example/ou=People/uid=kvaughan", password: "bribery" } as const;

useMockedApis(() => [createHdapMock()]);

/** Runs the seed's two steps through the SDK; the photo is removed first so the read can only show the written one. */
async function runSeed(hdap: HdapClient): Promise<string> {
  await hdap.patch({ path: BJENSEN_PATH }, [{ operation: "remove", field: "/photo" }]);
  expect(await hdap.download({ path: BJENSEN_PATH }, "photo")).toBeUndefined();

  const picture = decodeBase64(SEED_PHOTO);
  const { _rev } = await hdap.upload(pathToDn(BJENSEN_PATH), "photo", new Blob([picture], { type: "image/jpeg" }));
  const download = await hdap.download({ path: BJENSEN_PATH }, "photo");
  expect(download?.size).toBe(picture.byteLength);
  expect(await download?.bytes()).toEqual(picture);
  return _rev ?? "";
}

describe("seed 000 through the SDK", () => {
  it("kvaughan authenticates (JavaScript sample), writes bjensen's photo from bytes and reads the same bytes", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: { type: "password", ...KVAUGHAN } });
    const rev = await runSeed(hdap);

    expect(authenticateCalls(sent)).toHaveLength(1);
    const put = sent.find((request) => request.method === "PUT");
    expect(new URL(put?.url ?? "").pathname).toBe(`/hdap/${BJENSEN_PATH}`);
    expect(JSON.parse(await (put?.body ?? Promise.resolve("")))).toEqual(JSON.parse(SEED_PUT_DATA));
    const read = sent.at(-1);
    expect(read?.url).toBe(`${BASE_URL}/hdap/${BJENSEN_PATH}?_fields=photo`);
    expect(read?.headers.get("authorization")).toMatch(/^Bearer /);

    // The seed's read, byte for byte, through the raw client.
    const pretty = await hdap.raw.GET("/hdap/{dnPath}", {
      params: { path: { dnPath: BJENSEN_PATH }, query: { _fields: "photo", _prettyPrint: true } },
      parseAs: "text",
    });
    expect(pretty.data).toBe(SEED_READ_OUTPUT.replace("<revision>", rev));
  });

  it("runs the same with Basic credentials, as the seed's curl commands do", async () => {
    const auth: HdapAuth = { type: "basic", ...KVAUGHAN };
    const { sent, fetch } = recordingFetch();
    await runSeed(hdapClient({ fetch, auth }));
    expect(authenticateCalls(sent)).toHaveLength(0);
    const user = atob(sent[0]?.headers.get("authorization")?.replace("Basic ", "") ?? "");
    expect(user).toBe("dc=com/dc=example/ou=People/uid=kvaughan:bribery");
  });
});
