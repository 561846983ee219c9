import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";
import { createHdapClient } from "bytewire/hdap";
import { createMockBackend } from "bytewire/mocks";
import { createPingOneClient } from "bytewire/pingone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMockServer, startMockServer } from "../../src/mocks/node/server.ts";
import { sameBytes } from "../support/bytes.ts";

/*
 * In Node, a path or a Node stream reaches the socket as Node streams (`RequestBody.open`), past the web streams other
 * runtimes use. Whatever else looks at the input first (a declared size's check, a multipart body, PingOne's sniffing
 * of the image head) must not take bytes from it: each API stores exactly the file, byte for byte.
 */

let server: RunningMockServer;
let directory: string;
const bytes = Uint8Array.from({ length: 700_000 }, (_, index) => (index * 31 + (index >> 9)) & 0xff);
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=="),
  (char) => char.charCodeAt(0),
);
let file: string;
let png: string;

beforeAll(async () => {
  server = await startMockServer({ handlers: createMockBackend().handlers, port: 0 });
  directory = await mkdtemp(join(tmpdir(), "bytewire-node-streams-"));
  file = join(directory, "data.bin");
  png = join(directory, "dot.png");
  await writeFile(file, bytes);
  // A PNG followed by padding, large enough to take several stream chunks.
  await writeFile(png, new Uint8Array([...PNG, ...new Uint8Array(200_000)]));
});

afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

const c8y = () =>
  createCumulocityClient({
    baseUrl: server.url,
    auth: { type: "basic", tenant: "t100", user: "admin", password: "admin" },
  });

describe("Node streams and paths upload whole in every client", () => {
  it.each([
    ["a Node stream with its size", () => createReadStream(file), { size: bytes.byteLength }],
    ["a Node stream without a size", () => createReadStream(file), {}],
    ["a path", () => file, {}],
  ] as const)("cumulocity multipart upload and replace from %s", async (_, input, options) => {
    const client = c8y();
    const binary = await client.upload(input(), { name: "data.bin", type: "application/octet-stream" }, options);
    expect(binary.length).toBe(bytes.byteLength);
    expect(sameBytes(await (await client.download(binary.id)).bytes(), bytes)).toBe(true);
    const replaced = await client.replace(binary.id, input(), { ...options, contentType: "application/octet-stream" });
    expect(replaced.length).toBe(bytes.byteLength);
    expect(sameBytes(await (await client.download(binary.id)).bytes(), bytes)).toBe(true);
  });

  it("4D $upload from a Node stream with its size", async () => {
    const fourd = createFourDClient({
      baseUrl: server.url,
      auth: { type: "session", user: "admin", password: "admin" },
    });
    const ref = { dataClass: "Documents", key: 43, attribute: "contract" };
    await fourd.upload(ref, createReadStream(file), { kind: "blob", size: bytes.byteLength });
    expect(sameBytes(await (await fourd.download(ref))?.bytes(), bytes)).toBe(true);
  });

  it("PingOne reads the image's head from a Node stream and still sends the whole file", async () => {
    const pingone = createPingOneClient({
      baseUrl: `${server.url}/v1`,
      auth: { type: "bearer", token: "demo-token" },
      environmentId: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
    });
    const image = await pingone.upload(createReadStream(png), { filename: "dot.png" });
    expect(image.targets.original).toMatchObject({ type: "png", width: 2, height: 2 });
  });

  it("HDAP encodes a Node stream's every byte", async () => {
    const hdap = createHdapClient({
      baseUrl: server.url,
      auth: { type: "basic", dn: "uid=kvaughan,ou=People,dc=example,dc=com", password: "bribery" },
    });
    const small = bytes.subarray(0, 200_000);
    await writeFile(join(directory, "small.bin"), small);
    await hdap.upload(
      "uid=bjensen,ou=People,dc=example,dc=com",
      "photo",
      createReadStream(join(directory, "small.bin")),
    );
    const photo = await hdap.download("uid=bjensen,ou=People,dc=example,dc=com", "photo");
    expect(sameBytes(await photo?.bytes(), small)).toBe(true);
  });

  it("a Node stream longer than its declared size is refused with SIZE_MISMATCH, and nothing is stored", async () => {
    const client = c8y();
    const count = async () => {
      let stored = 0;
      for await (const _ of client.list()) {
        stored++;
      }
      return stored;
    };
    const before = await count();
    const error = await client
      .upload(createReadStream(file), { name: "data.bin" }, { size: bytes.byteLength - 1 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "InvalidInputError", code: "SIZE_MISMATCH" });
    expect(await count()).toBe(before);
  });
});
