import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFourDMock, createMswHandlers, namedExampleBytes } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCurl, essence } from "../support/curl.ts";
import { createTestDispatcher } from "../support/mock.ts";

// Seed 001 gives request lines, not curl commands: each is sent with curl against the real HTTP mock server, changed
// only in host and port. The filter combination needs its quotes and spaces percent-encoded (`-G --data-urlencode`)
// and `--globoff`. The upload flow is 4D's `$upload` page, which the seed's upload follows: login with a cookie jar,
// `$upload?$rawPict=true` with the raw file, `$method=update` with the ID, then the download.
const JPEG = namedExampleBytes("fourd-profile-picture-jpeg");
const PDF = namedExampleBytes("fourd-contract-pdf");
const NEW_PICTURE = namedExampleBytes("fourd-employee-photo-png");

let server: RunningMockServer;
let folder: string;

const curl = createCurl(() => folder);

/** The seed's filter combination, with the order given. */
function combination(orderBy: string): string[] {
  return [
    "-G",
    "--globoff",
    "--data-urlencode",
    `$filter="department='HR'"`,
    "--data-urlencode",
    `$orderby="${orderBy}"`,
    "--data-urlencode",
    "$binary=true",
    "--data-urlencode",
    "$expand=profilePicture",
    `${server.url}/rest/User`,
  ];
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-4d-seed-"));
  const dispatcher = createTestDispatcher([createFourDMock()]);
  server = await startMockServer({ handlers: createMswHandlers(dispatcher), port: 0 });
  await writeFile(join(folder, "new-picture.png"), NEW_PICTURE);
});

afterAll(async () => {
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe("seed 001 against the mock server, with curl", () => {
  it("GET /rest/User(5)/profilePicture?$binary=true&$expand=profilePicture saves the JPEG as an attachment", async () => {
    const target = join(folder, "profilePicture.jpg");
    const result = await curl(
      [`${server.url}/rest/User(5)/profilePicture?$binary=true&$expand=profilePicture`],
      target,
    );
    expect(result.status).toBe(200);
    expect(essence(result)).toBe("image/jpeg");
    expect(result.headers.get("content-disposition")).toBe("attachment; filename=profilePicture.jpg");
    expect(result.headers.get("content-length")).toBe(String(JPEG.byteLength));
    expect(new Uint8Array(await readFile(target))).toEqual(JPEG);
  });

  it("GET /rest/Documents(42)/contract?$binary=true&$expand=contract saves a real PDF", async () => {
    const target = join(folder, "contract.pdf");
    const result = await curl([`${server.url}/rest/Documents(42)/contract?$binary=true&$expand=contract`], target);
    expect(result.status).toBe(200);
    expect(essence(result)).toBe("application/pdf");
    expect(result.headers.get("content-disposition")).toBe("attachment; filename=contract.pdf");
    const saved = await readFile(target);
    expect(saved.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(new Uint8Array(saved)).toEqual(PDF);
  });

  it("GET /rest/User?$filter=\"department='HR'\"&$orderby=...&$binary=true&$expand=profilePicture", async () => {
    const first = await curl(combination("lastName desc"));
    expect(first.status).toBe(200);
    expect(essence(first)).toBe("image/jpeg");
    expect(first.body).toEqual(JPEG);
    // Ascending, Bruno Keller (no picture) comes first: 4D's empty answer.
    const none = await curl(combination("lastName asc"));
    expect(none.status).toBe(200);
    expect(essence(none)).toBe("application/json");
    expect(none.json()).toEqual({});
  });

  it("refuses the seed's filter sent without its double quotes, in 4D's error shape", async () => {
    const result = await curl(["-G", "--data-urlencode", "$filter=department='HR'", `${server.url}/rest/User`]);
    expect(result.status).toBe(400);
    expect(result.json()).toMatchObject({ __ERROR: [{ errCode: 1806, componentSignature: "dbmg" }] });
  });

  it("uploads a picture with $upload, assigns it with $method=update, then downloads the new bytes", async () => {
    const jar = join(folder, "cookies.txt");
    const login = await curl([
      "-c",
      jar,
      "-X",
      "POST",
      "-H",
      "username-4D: admin",
      "-H",
      "password-4D: admin",
      `${server.url}/rest/$directory/login`,
    ]);
    expect(login.status).toBe(200);
    expect(login.json()).toEqual({ result: true });
    expect(await readFile(jar, "utf8")).toMatch(/#HttpOnly_127\.0\.0\.1\tFALSE\t\/\tFALSE\t0\t4DSID_App\t[0-9A-F]{32}/);

    const upload = await curl([
      "-b",
      jar,
      "-H",
      "Content-Type: image/png",
      "--data-binary",
      `@${join(folder, "new-picture.png")}`,
      `${server.url}/rest/$upload?$rawPict=true`,
    ]);
    expect(upload.status).toBe(200);
    const { ID } = upload.json() as { ID: string };
    expect(ID).toMatch(/^[0-9A-F]{32}$/);

    const update = await curl([
      "-b",
      jar,
      "-H",
      "Content-Type: application/json",
      "--data",
      JSON.stringify({ __KEY: "5", __STAMP: 4, profilePicture: { ID } }),
      `${server.url}/rest/User?$method=update`,
    ]);
    expect(update.status).toBe(200);
    expect(update.json()).toMatchObject({
      __KEY: "5",
      __STAMP: 5,
      uri: `${server.url}/rest/User(5)`,
      profilePicture: {
        __deferred: {
          uri: "/rest/User(5)/profilePicture?$imageformat=best&$version=5&$expand=profilePicture",
          image: true,
        },
      },
    });

    const target = join(folder, "downloaded.png");
    const download = await curl(
      [`${server.url}/rest/User(5)/profilePicture?$binary=true&$expand=profilePicture`],
      target,
    );
    expect(essence(download)).toBe("image/png");
    expect(download.headers.get("content-disposition")).toBe("attachment; filename=profilePicture.png");
    expect(new Uint8Array(await readFile(target))).toEqual(NEW_PICTURE);
  });

  it("keeps sessions per client: without the cookie jar an upload is 401, and curl's default form type is refused", async () => {
    const anonymous = await curl([
      "-H",
      "Content-Type: image/png",
      "--data-binary",
      `@${join(folder, "new-picture.png")}`,
      `${server.url}/rest/$upload?$rawPict=true`,
    ]);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toMatchObject({ __ERROR: [{ errCode: 1558 }] });

    const jar = join(folder, "cookies-2.txt");
    await curl([
      "-c",
      jar,
      "-X",
      "POST",
      "-H",
      "username-4D: admin",
      "-H",
      "password-4D: admin",
      `${server.url}/rest/$directory/login`,
    ]);
    // Without -H Content-Type, curl labels --data-binary as a form; the document declares no such upload type.
    const untyped = await curl([
      "-b",
      jar,
      "--data-binary",
      `@${join(folder, "new-picture.png")}`,
      `${server.url}/rest/$upload?$rawPict=true`,
    ]);
    expect(untyped.status).toBe(400);
    expect(untyped.json()).toMatchObject({ __ERROR: [{ errCode: 1806 }] });

    const logout = await curl(["-b", jar, "-c", jar, `${server.url}/rest/$directory/logout`]);
    expect(logout.json()).toEqual({ result: true });
    const afterLogout = await curl([
      "-b",
      jar,
      "-H",
      "Content-Type: application/json",
      "--data",
      JSON.stringify({ __KEY: "6", __STAMP: 1, department: "IT" }),
      `${server.url}/rest/User?$method=update`,
    ]);
    expect(afterLogout.status).toBe(401);
  });
});
