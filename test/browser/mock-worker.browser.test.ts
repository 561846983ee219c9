import { startMockWorker } from "bytewire/mocks/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The same handlers as `npm start` and the node tests, running in Chromium behind MSW's service worker.
let stop: () => void;

beforeAll(async () => {
  const running = await startMockWorker({ quiet: true });
  stop = running.stop;
});

afterAll(() => stop());

const admin = { authorization: `Basic ${btoa("t100/admin:admin")}` };

describe("the mock in the browser through MSW's service worker", () => {
  it("uploads a file with multipart and downloads the same bytes (Cumulocity)", async () => {
    const bytes = Uint8Array.from({ length: 300_000 }, (_, index) => (index * 7919) % 251);
    const form = new FormData();
    form.append("object", JSON.stringify({ name: "random.bin", type: "application/octet-stream" }));
    form.append("file", new File([bytes], "random.bin", { type: "application/octet-stream" }));
    const created = await fetch("/inventory/binaries", {
      method: "POST",
      headers: { ...admin, accept: "application/json" },
      body: form,
    });
    expect(created.status).toBe(201);
    const binary = await created.json();
    expect(binary.length).toBe(bytes.byteLength);

    const download = await fetch(`/inventory/binaries/${binary.id}`, { headers: admin });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("random.bin");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it("reports upload progress through the worker, ending at the whole size (Chromium fires no upload events there)", async () => {
    const { createCumulocityClient } = await import("bytewire/cumulocity");
    const c8y = createCumulocityClient({
      baseUrl: location.origin,
      auth: { type: "basic", tenant: "t100", user: "admin", password: "admin" },
    });
    const events: { loaded: number; total: number | undefined }[] = [];
    const file = new File([new Uint8Array(3 * 1024 * 1024).fill(3)], "big.bin", { type: "application/octet-stream" });
    const binary = await c8y.upload(file, undefined, { onUploadProgress: (progress) => events.push(progress) });
    expect(binary.length).toBe(file.size);
    expect(events.length).toBeGreaterThan(0);
    const last = events.at(-1);
    expect(last?.loaded).toBe(last?.total);
    expect(last?.total).toBeGreaterThan(file.size);
  });

  it("uploads a raw image and reads its metadata (PingOne)", async () => {
    const canvas = new OffscreenCanvas(40, 30);
    const context = canvas.getContext("2d");
    context?.fillRect(0, 0, 40, 30);
    const png = await canvas.convertToBlob({ type: "image/png" });
    const created = await fetch("/v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/images", {
      method: "POST",
      headers: { authorization: "Bearer demo-token", "content-type": "image/png" },
      body: png,
    });
    expect(created.status).toBe(201);
    const image = await created.json();
    expect(image.targets.original).toMatchObject({ type: "png", width: 40, height: 30 });
  });

  it("answers errors in the API's own shape (4D __ERROR without $expand)", async () => {
    const response = await fetch("/rest/User(5)/profilePicture?$binary=true");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.__ERROR[0].errCode).toBeTypeOf("number");
  });

  it("keeps a 4D session in the page: login, $upload, $method=update and the download of the new picture", async () => {
    const { createFourDClient } = await import("bytewire/fourd");
    const fourd = createFourDClient({
      baseUrl: location.origin,
      auth: { type: "session", user: "admin", password: "admin" },
    });
    const canvas = new OffscreenCanvas(12, 8);
    canvas.getContext("2d")?.fillRect(0, 0, 12, 8);
    const png = new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer());
    const saved = await fourd.upload(
      { dataClass: "Employee", key: 2, attribute: "photo" },
      new Blob([png], { type: "image/png" }),
    );
    expect(saved.__KEY).toBe("2");
    expect(document.cookie).toMatch(/4DSID_App=[0-9A-F]{32}/);
    const picture = await fourd.download({ dataClass: "Employee", key: 2, attribute: "photo" });
    expect(new Uint8Array((await picture?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(png);
    expect(await fourd.logout()).toBe(true);
    expect(document.cookie).not.toMatch(/4DSID_App=[0-9A-F]{32}/);
    // Without the session, an upload is refused again.
    const upload = await fetch("/rest/$upload?$rawPict=true", {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: png,
    });
    expect(upload.status).toBe(401);
  });

  it("leaves requests to other paths alone", async () => {
    const response = await fetch("/mockServiceWorker.js");
    expect(response.status).toBe(200);
  });
});
