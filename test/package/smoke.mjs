// A round trip through each of the four clients, in plain JavaScript against the package installed from its tarball
// (test/package/built-package.test.ts copies it into a throwaway app). Usage: node smoke.mjs <mock server URL>. Prints
// one JSON line: the runtime, and per API whether the bytes that came back are the bytes that went out. The upload
// matrix (`npm run test:matrix`) does far more, in every runtime.
import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";
import { createHdapClient } from "bytewire/hdap";
import { createPingOneClient } from "bytewire/pingone";

const baseUrl = globalThis.process?.argv?.[2] ?? globalThis.Deno?.args?.[0];
const runtime = globalThis.Deno
  ? `deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${globalThis.Bun.version}`
    : `node ${process.versions.node}`;

// A real 1 × 1 PNG, so PingOne's type and size checks see an image.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="),
  (character) => character.charCodeAt(0),
);
const random = (size) => Uint8Array.from({ length: size }, (_, index) => (index * 131 + (index >> 8)) & 0xff);
const same = (a, b) => a.length === b.length && a.every((byte, index) => byte === b[index]);

const checks = {};
async function check(name, action) {
  try {
    checks[name] = (await action()) ? "ok" : "wrong bytes";
  } catch (error) {
    checks[name] = `${error?.name}: ${error?.message}`;
  }
}

await check("hdap", async () => {
  const hdap = createHdapClient({
    baseUrl,
    auth: { type: "basic", dn: "uid=kvaughan,ou=People,dc=example,dc=com", password: "bribery" },
  });
  const bytes = random(70_000);
  await hdap.upload("uid=bjensen,ou=People,dc=example,dc=com", "photo", new Blob([bytes]));
  const photo = await hdap.download("uid=bjensen,ou=People,dc=example,dc=com", "photo");
  return same(await photo.bytes(), bytes);
});

await check("fourd", async () => {
  const fourd = createFourDClient({ baseUrl, auth: { type: "session", user: "admin", password: "admin" } });
  const bytes = random(300_000);
  await fourd.upload({ dataClass: "Documents", key: 43, attribute: "contract" }, new Blob([bytes]));
  const download = await fourd.download({ dataClass: "Documents", key: 43, attribute: "contract" });
  return same(new Uint8Array(await download.arrayBuffer()), bytes);
});

await check("cumulocity", async () => {
  const c8y = createCumulocityClient({
    baseUrl,
    auth: { type: "basic", tenant: "t100", user: "admin", password: "admin" },
  });
  const bytes = random(500_000);
  const stream = new Blob([bytes]).stream();
  const binary = await c8y.upload(
    stream,
    { name: "smoke.bin", type: "application/octet-stream" },
    { size: bytes.length },
  );
  const download = await c8y.download(binary.id);
  const ok = same(await download.bytes(), bytes);
  await c8y.delete(binary.id);
  return ok;
});

await check("pingone", async () => {
  const pingone = createPingOneClient({
    baseUrl: `${baseUrl}/v1`,
    auth: { type: "bearer", token: "demo-token" },
    environmentId: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
  });
  const image = await pingone.upload(new Blob([PNG], { type: "image/png" }), { filename: "dot.png" });
  const read = await pingone.get(image.id);
  await pingone.delete(image.id);
  return read.targets.original.width === 1 && read.targets.original.height === 1;
});

console.log(JSON.stringify({ runtime, checks }));
