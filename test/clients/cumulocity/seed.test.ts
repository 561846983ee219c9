import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError, isApiError } from "bytewire/cumulocity";
import { createCumulocityMock, namedExampleBytes } from "bytewire/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { BASE_URL, caught, collect, testClient } from "./harness.ts";

useMockedApis(() => [createCumulocityMock()]);

const PDF = namedExampleBytes("cumulocity-my-file-pdf");
const NEW_PNG = namedExampleBytes("pingone-logo-png");

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-c8y-client-"));
  await writeFile(join(folder, "my-file.pdf"), PDF);
  await writeFile(join(folder, "new_picture.png"), NEW_PNG);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("seed 002 through the SDK: upload, list, download, replace, delete", () => {
  it("runs the whole life of my-file.pdf as tenant t100's admin", async () => {
    const { client, sent } = testClient();

    // POST: the seed's object part and file, from disk (without the legacy filesize part).
    const binary = await client.upload(join(folder, "my-file.pdf"), {
      name: "my-file.pdf",
      type: "application/pdf",
    });
    expect(binary).toMatchObject({
      id: "3",
      self: `${BASE_URL}/inventory/binaries/3`,
      name: "my-file.pdf",
      type: "application/pdf",
      contentType: "application/pdf",
      length: PDF.byteLength,
      owner: "admin",
      c8y_IsBinary: {},
    });
    expect(sent[0]?.headers.get("authorization")).toBe(`Basic ${btoa("t100/admin:admin")}`);

    // GET collection: the seed's two files and the new one, on one page of the listing's 100.
    const [page, ...more] = await collect(client.list().pages());
    expect(more).toEqual([]);
    expect(page?.managedObjects.map((item) => [item.id, item.name])).toEqual([
      ["1", "my_picture.png"],
      ["2", "my_compressed_file.zip"],
      ["3", "my-file.pdf"],
    ]);
    expect(page?.statistics).toEqual({ currentPage: 1, pageSize: 100 });
    expect(sent[1]?.url).toBe(`${BASE_URL}/inventory/binaries?pageSize=100&currentPage=1`);
    expect(sent).toHaveLength(2);

    // GET binary: the same bytes, with the name from Content-Disposition, saved atomically.
    const download = await client.download(binary.id);
    expect(download.status).toBe(200);
    expect(download.filename).toBe("my-file.pdf");
    expect(download.contentType).toBe("application/pdf");
    expect(download.size).toBe(PDF.byteLength);
    const saved = join(folder, download.filename ?? "unnamed");
    await download.saveTo(`${saved}.downloaded`);
    expect(new Uint8Array(await readFile(`${saved}.downloaded`))).toEqual(PDF);

    // PUT: the new bytes under their own type; 201 with the managed object, whose length and contentType change.
    const replaced = await client.replace(binary.id, join(folder, "new_picture.png"));
    expect(replaced).toMatchObject({
      id: "3",
      name: "my-file.pdf",
      type: "application/pdf",
      contentType: "image/png",
      length: NEW_PNG.byteLength,
    });
    expect(replaced.lastUpdated >= binary.lastUpdated).toBe(true);
    const put = sent.at(-1);
    expect(put?.method).toBe("PUT");
    expect(put?.headers.get("content-type")).toBe("image/png");
    expect(await (await client.download(binary.id)).bytes()).toEqual(NEW_PNG);

    // DELETE: 204, then the binary is gone: 404 with Cumulocity's code.
    await expect(client.delete(binary.id)).resolves.toBeUndefined();
    const error = await caught(() => client.download(binary.id));
    expect(error).toBeInstanceOf(ApiError);
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({
      api: "cumulocity",
      status: 404,
      kind: "not_found",
      code: "inventory/Not Found",
      method: "GET",
      url: `${BASE_URL}/inventory/binaries/3`,
      body: {
        error: "inventory/Not Found",
        info: "https://www.cumulocity.com/guides/reference-guide/#error_reporting",
      },
    });
    expect((error as ApiError).message).toBe(
      `cumulocity GET ${BASE_URL}/inventory/binaries/3: 404 Not Found (inventory/Not Found: ` +
        "Finding device data from database failed : No managedObject for id '3'!)",
    );
    expect((await collect(client.list())).map((item) => item.id)).toEqual(["1", "2"]);
  });
});
