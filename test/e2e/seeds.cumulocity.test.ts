import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCumulocityMock, createMswHandlers, namedExampleBytes } from "bytewire/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// `bytewire/mocks/node` has no index.ts yet, so the server module is imported by its file.
import { type RunningMockServer, startMockServer } from "../../src/mocks/node/server.ts";
import { createCurl, essence } from "../support/curl.ts";
import { createTestDispatcher } from "../support/mock.ts";

// Seed 002 shows raw HTTP exchanges, not curl commands: each is translated into the curl command that sends it,
// with the seed's `/invenotry` typo and POST-for-list corrected (GET /inventory/binaries), run against the real
// HTTP mock server with tenant t100's admin.
const LOGIN = ["-u", "t100/admin:admin"];
const VENDOR_COLLECTION = "application/vnd.com.nsn.cumulocity.managedobjectcollection+json";
const VENDOR_OBJECT = "application/vnd.com.nsn.cumulocity.managedobject+json";
const PDF = namedExampleBytes("cumulocity-my-file-pdf");
const PNG = namedExampleBytes("cumulocity-my-picture-png");
const NEW_PNG = namedExampleBytes("pingone-logo-png");

let server: RunningMockServer;
let folder: string;

const curl = createCurl(() => folder);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-c8y-seed-"));
  const mock = createCumulocityMock();
  const dispatcher = createTestDispatcher([mock]);
  server = await startMockServer({ handlers: createMswHandlers(dispatcher), port: 0 });
  await writeFile(join(folder, "my-file.pdf"), PDF);
  await writeFile(join(folder, "new_picture.png"), NEW_PNG);
});

afterAll(async () => {
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe("seed 002 against the mock server, with curl", () => {
  it("GET a binaries collection: 200, the seed's two files, statistics", async () => {
    const list = await curl([...LOGIN, `${server.url}/inventory/binaries`]);
    expect(list.status).toBe(200);
    expect(essence(list)).toBe(VENDOR_COLLECTION);
    const body = list.json() as { self: string; managedObjects: object[]; statistics: object };
    expect(body.managedObjects).toMatchObject([
      { self: `${server.url}/inventory/binaries/1`, id: "1", name: "my_picture.png", type: "image/png" },
      { self: `${server.url}/inventory/binaries/2`, id: "2", name: "my_compressed_file.zip", type: "application/zip" },
    ]);
    // The seed shows totalPages unasked; current servers add it only with withTotalPages=true.
    expect(body.statistics).toEqual({ currentPage: 1, pageSize: 5 });
    expect(body.self).toBe(`${server.url}/inventory/binaries?pageSize=5&currentPage=1`);
    const withTotals = await curl([...LOGIN, `${server.url}/inventory/binaries?withTotalPages=true`]);
    expect((withTotals.json() as { statistics: object }).statistics).toEqual({
      currentPage: 1,
      pageSize: 5,
      totalPages: 1,
    });
  });

  it("POST - upload a new binary: the seed's filesize 217152 does not fit this 585-byte PDF (400)", async () => {
    const upload = await curl([
      ...LOGIN,
      "-F",
      'object={"name":"my-file.pdf","type":"application/pdf"};type=application/json',
      "-F",
      "filesize=217152",
      "-F",
      `file=@${join(folder, "my-file.pdf")};type=application/pdf`,
      `${server.url}/inventory/binaries`,
    ]);
    expect(upload.status).toBe(400);
    expect(upload.json()).toMatchObject({ error: "undefined/validationError" });
  });

  it("POST - upload a new binary: object, filesize and file parts give 201 with Location and binary 3", async () => {
    const upload = await curl([
      ...LOGIN,
      "-F",
      'object={"name":"my-file.pdf","type":"application/pdf"};type=application/json',
      "-F",
      `filesize=${PDF.byteLength}`,
      "-F",
      `file=@${join(folder, "my-file.pdf")};type=application/pdf`,
      `${server.url}/inventory/binaries`,
    ]);
    expect(upload.status).toBe(201);
    expect(upload.headers.get("location")).toBe(`${server.url}/inventory/binaries/3`);
    expect(essence(upload)).toBe(VENDOR_OBJECT);
    expect(upload.json()).toMatchObject({
      self: `${server.url}/inventory/binaries/3`,
      id: "3",
      name: "my-file.pdf",
      type: "application/pdf",
      contentType: "application/pdf",
      length: 585,
      owner: "admin",
      c8y_IsBinary: {},
    });
  });

  it("GET - download a binary: 200 and the identical bytes, for the uploaded PDF and the seed's binary 1", async () => {
    const target = join(folder, "downloaded.pdf");
    const pdf = await curl([...LOGIN, `${server.url}/inventory/binaries/3`], target);
    expect(pdf.status).toBe(200);
    expect(new Uint8Array(await readFile(target))).toEqual(PDF);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe('attachment; filename="my-file.pdf"');
    expect(pdf.headers.get("content-length")).toBe("585");

    const png = await curl([...LOGIN, `${server.url}/inventory/binaries/1`]);
    expect(png.status).toBe(200);
    expect(png.body).toEqual(PNG);
    expect(png.headers.get("content-type")).toBe("image/png");
  });

  it("PUT - replace a binary: 201 with the updated managed object, then the new bytes download", async () => {
    const replaced = await curl([
      ...LOGIN,
      "-X",
      "PUT",
      "-H",
      "Content-Type: image/png",
      "--data-binary",
      `@${join(folder, "new_picture.png")}`,
      `${server.url}/inventory/binaries/1`,
    ]);
    expect(replaced.status).toBe(201);
    expect(replaced.json()).toMatchObject({
      id: "1",
      name: "my_picture.png",
      contentType: "image/png",
      length: NEW_PNG.byteLength,
    });
    const download = await curl([...LOGIN, `${server.url}/inventory/binaries/1`]);
    expect(download.body).toEqual(NEW_PNG);
  });

  it("DELETE a binary: 204 with no body, then the binary is gone (404)", async () => {
    const removed = await curl([...LOGIN, "-X", "DELETE", `${server.url}/inventory/binaries/1`]);
    expect(removed.status).toBe(204);
    expect(removed.body.byteLength).toBe(0);
    const gone = await curl([...LOGIN, `${server.url}/inventory/binaries/1`]);
    expect(gone.status).toBe(404);
    expect(gone.json()).toMatchObject({ error: "inventory/Not Found" });
    const list = await curl([...LOGIN, `${server.url}/inventory/binaries`]);
    expect((list.json() as { managedObjects: { id: string }[] }).managedObjects.map((binary) => binary.id)).toEqual([
      "2",
      "3",
    ]);
  });
});
