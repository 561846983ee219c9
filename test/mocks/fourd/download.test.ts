import { namedExample, namedExampleBytes } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { errCodes, essence, Harness, JPEG, query } from "./harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
});

async function bytes(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** The list URL of the seed's combination, with the filter and order given. */
function selection(filter: string, orderBy?: string, extra: Record<string, string | number> = {}): string {
  return `/User?${query({
    $filter: filter,
    ...(orderBy ? { $orderby: orderBy } : {}),
    $binary: true,
    $expand: "profilePicture",
    ...extra,
  })}`;
}

async function expectNoImage(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(essence(response.headers.get("content-type"))).toBe("application/json");
  expect(response.headers.get("content-disposition")).toBeNull();
  expect(await response.json()).toEqual({});
}

describe("4D mock: downloading pictures and BLOBs", () => {
  it("answers the seed's picture download with the stored JPEG as an attachment", async () => {
    const response = await h.get("/User(5)/profilePicture?$binary=true&$expand=profilePicture");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("content-disposition")).toBe("attachment; filename=profilePicture.jpg");
    expect(response.headers.get("content-length")).toBe("303");
    expect(await bytes(response)).toEqual(namedExampleBytes(JPEG));
  });

  it("answers the seed's BLOB download with the contract PDF, served as the type it was stored with", async () => {
    const response = await h.get("/Documents(42)/contract?$binary=true&$expand=contract");
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe("attachment; filename=contract.pdf");
    const body = await bytes(response);
    expect(new TextDecoder().decode(body.subarray(0, 5))).toBe("%PDF-");
    expect(body).toEqual(namedExampleBytes("fourd-contract-pdf"));
  });

  it("downloads with $expand alone, and ignores $version (a cache-buster)", async () => {
    const alone = await h.get("/User(5)/profilePicture?$expand=profilePicture");
    expect(await bytes(alone)).toEqual(namedExampleBytes(JPEG));
    const versioned = await h.get("/User(5)/profilePicture?$imageformat=best&$version=99&$expand=profilePicture");
    expect(await bytes(versioned)).toEqual(namedExampleBytes(JPEG));
  });

  it("sends a picture for $imageformat best or its own format, in every spelling the document lists", async () => {
    for (const format of ["best", "JPEG", "jpeg", ".jpeg", "image/jpeg"]) {
      const response = await h.get(
        `/User(5)/profilePicture?${query({ $imageformat: format, $expand: "profilePicture" })}`,
      );
      expect(response.headers.get("content-type"), format).toBe("image/jpeg");
      expect(await bytes(response)).toEqual(namedExampleBytes(JPEG));
    }
    const png = await h.get("/Employee(1)/photo?$imageformat=PNG&$version=1&$expand=photo");
    expect(png.headers.get("content-disposition")).toBe("attachment; filename=photo.png");
    expect(await bytes(png)).toEqual(namedExampleBytes("fourd-employee-photo-png"));
  });

  it("answers {} for a format the picture is not stored in: the mock does not transcode", async () => {
    for (const format of ["PNG", "gif", ".tiff", "image/png"]) {
      await expectNoImage(
        await h.get(`/User(5)/profilePicture?${query({ $imageformat: format, $expand: "profilePicture" })}`),
      );
    }
  });

  it("refuses an $imageformat the document does not list with 400 errCode 1806", async () => {
    const response = await h.get("/User(5)/profilePicture?$imageformat=bmp&$expand=profilePicture");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(errCodes(body)).toEqual([1806]);
    expect(body.__ERROR[0].message).toContain("$imageformat must be");
  });

  it("answers {} for no picture, an empty BLOB and an attribute that is neither picture nor BLOB", async () => {
    await expectNoImage(await h.get("/User(6)/profilePicture?$binary=true&$expand=profilePicture"));
    await expectNoImage(await h.get("/Documents(43)/contract?$binary=true&$expand=contract"));
    await expectNoImage(await h.get("/User(5)/firstName?$binary=true&$expand=firstName"));
    expect(await (await h.get("/User(6)/profilePicture?$imageformat=best&$expand=profilePicture")).json()).toEqual(
      namedExample("fourd-no-image"),
    );
  });

  it("refuses $binary or $imageformat without $expand, or $expand naming another attribute, with 400 errCode 1805", async () => {
    for (const path of [
      "/User(5)/profilePicture?$binary=true",
      "/User(5)/profilePicture?$imageformat=best",
      "/User(5)/profilePicture?$binary=true&$expand=firstName",
      "/User(5)/profilePicture?$expand=lastName",
      "/Documents(42)/contract?$binary=true&$expand=title",
    ]) {
      const response = await h.get(path);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual(namedExample("fourd-error-missing-expand"));
    }
  });

  it("answers the seed's $filter + $orderby + $binary combination with the first entity's picture", async () => {
    const response = await h.get(selection(`"department='HR'"`, '"lastName desc"'));
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("content-disposition")).toBe("attachment; filename=profilePicture.jpg");
    expect(await bytes(response)).toEqual(namedExampleBytes(JPEG));
  });

  it("picks the first entity after $orderby and $skip: {} when that entity has no picture", async () => {
    await expectNoImage(await h.get(selection(`"department='HR'"`, '"lastName asc"')));
    await expectNoImage(await h.get(selection(`"department='HR'"`, '"lastName desc"', { $skip: 1 })));
    const gif = await h.get(selection(`"department='IT'"`));
    expect(gif.headers.get("content-disposition")).toBe("attachment; filename=profilePicture.gif");
    expect(await bytes(gif)).toEqual(namedExampleBytes("fourd-photo-gif"));
  });

  it("answers {} for an empty selection or a non-binary attribute of the first entity", async () => {
    await expectNoImage(await h.get(selection(`"department='Legal'"`)));
    await expectNoImage(await h.get(`/User?${query({ $filter: `"ID=5"`, $binary: true, $expand: "lastName" })}`));
  });

  it("refuses $binary on a list without $expand (1805) or with an unknown attribute (404, 1500/1804)", async () => {
    const missing = await h.get(`/User?${query({ $filter: `"department='HR'"`, $binary: true })}`);
    expect(missing.status).toBe(400);
    expect(errCodes(await missing.json())).toEqual([1805]);
    const unknown = await h.get(`/User?${query({ $binary: true, $expand: "avatar" })}`);
    expect(unknown.status).toBe(404);
    expect(errCodes(await unknown.json())).toEqual([1500, 1804]);
  });

  it("lists JSON when $binary is false or absent, even with $expand naming a picture", async () => {
    const response = await h.get("/User?$expand=profilePicture&$binary=false&$top=1");
    expect(essence(response.headers.get("content-type"))).toBe("application/json");
    expect((await response.json()).__ENTITIES[0].__KEY).toBe("1");
  });
});
