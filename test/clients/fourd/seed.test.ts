import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fourDFilter } from "bytewire/fourd";
import { createFourDMock, namedExampleBytes } from "bytewire/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { BASE_URL, guestClient, queryOf, testClient } from "./harness.ts";

useMockedApis(() => [createFourDMock()]);

// Seed 001: GET /rest/User(5)/profilePicture?$binary=true&$expand=profilePicture, and the same picture found through
// a selection ($filter on the department, $orderby, $binary, $expand); then a new picture through $upload.
const JPEG = namedExampleBytes("fourd-profile-picture-jpeg");
const PNG = namedExampleBytes("fourd-employee-photo-png");

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-fourd-seed-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("seed 001 through the 4D client", () => {
  it("downloads User(5)'s profilePicture with $binary and $expand, and saves it to a file", async () => {
    const { client, sent } = guestClient();
    const picture = await client.download({ dataClass: "User", key: 5, attribute: "profilePicture" });
    expect(sent[0]?.url).toBe(`${BASE_URL}/rest/User(5)/profilePicture?$binary=true&$expand=profilePicture`);
    expect(picture?.contentType).toBe("image/jpeg");
    expect(picture?.size).toBe(JPEG.byteLength);
    const path = join(folder, "profile.jpg");
    await picture?.saveTo(path);
    expect(new Uint8Array(await readFile(path))).toEqual(JPEG);
  });

  it("downloads the first HR user's picture from a filtered, sorted selection", async () => {
    const { client, sent } = guestClient();
    const picture = await client.downloadFirst({
      dataClass: "User",
      attribute: "profilePicture",
      filter: fourDFilter`department = ${"HR"}`,
      orderBy: "lastName desc",
    });
    expect(queryOf(sent[0])).toEqual({
      $filter: `"department = 'HR'"`,
      $orderby: `"lastName desc"`,
      $binary: "true",
      $expand: "profilePicture",
    });
    // Moreau sorts after Keller, so descending puts Ada Moreau (User 5, the one with the JPEG) first.
    expect(await picture?.bytes()).toEqual(JPEG);

    const keller = await client.downloadFirst({
      dataClass: "User",
      attribute: "profilePicture",
      filter: fourDFilter`department = ${"HR"}`,
      orderBy: "lastName asc",
    });
    // Bruno Keller has no picture: 4D answers {}.
    expect(keller).toBeUndefined();
  });

  it("uploads a new picture ($upload, then $method=update with __KEY and __STAMP) and downloads it back", async () => {
    const { client, sent } = testClient();
    const before = await client.get({ dataClass: "User", key: 5 });
    const saved = await client.upload(
      { dataClass: "User", key: 5, attribute: "profilePicture" },
      new Blob([PNG], { type: "image/png" }),
    );
    expect(saved.__STAMP).toBe(before.__STAMP + 1);

    const paths = sent.map((request) => `${request.method} ${new URL(request.url).pathname}`);
    expect(paths).toEqual([
      "POST /rest/$directory/login",
      "GET /rest/User(5)",
      "GET /rest/User(5)",
      "POST /rest/$upload",
      "POST /rest/User",
    ]);
    expect(sent.slice(1).every((request) => request.headers.get("cookie")?.startsWith("4DSID_App="))).toBe(true);
    const update = JSON.parse(new TextDecoder().decode(await sent[4]?.body()));
    expect(queryOf(sent[4])).toEqual({ $method: "update" });
    expect(update).toEqual({
      __KEY: "5",
      __STAMP: before.__STAMP,
      profilePicture: { ID: expect.stringMatching(/^[0-9A-F]{32}$/) },
    });
    const upload = sent.find((request) => new URL(request.url).pathname === "/rest/$upload");
    expect(queryOf(upload)).toEqual({ $rawPict: "true" });
    expect(upload?.headers.get("content-type")).toBe("image/png");
    expect(await upload?.body()).toEqual(PNG);

    const picture = await client.download({ dataClass: "User", key: 5, attribute: "profilePicture" });
    expect(picture?.contentType).toBe("image/png");
    expect(await picture?.bytes()).toEqual(PNG);
  });
});
