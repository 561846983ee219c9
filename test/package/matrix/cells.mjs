// The cells of the upload matrix (`npm run test:matrix`): every upload call of the four clients with every input kind
// they accept. Plain JavaScript against the package installed from its tarball, so Node, Bun, Deno and (bundled by
// Vite) Chromium run this same file. Each cell uploads twice, without and with `onUploadProgress`, a payload of its
// own (so an earlier cell's bytes cannot pass for it), then checks byte for byte, by size and SHA-256:
// 1. what the mock stored, read through a second path that is not the client (a plain fetch of the API, or for
//    PingOne, which serves no image bytes, the bytes its create operation received: see recorder.mjs);
// 2. the bytes the client downloads back (PingOne: the image metadata the client reads back);
// 3. with progress: at least one call, `loaded` never going back, and the last call's `loaded === total` (when the
//    input's size is unknown, `total` is undefined and `loaded` must equal the payload's size, or exceed it for a
//    multipart body, whose part headers are counted too).
import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";
import { createHdapClient } from "bytewire/hdap";
import { createPingOneClient } from "bytewire/pingone";

const MiB = 1024 * 1024;
const BJENSEN = "uid=bjensen,ou=People,dc=example,dc=com";
const HDAP_WRITER = { dn: "uid=kvaughan,ou=People,dc=example,dc=com", password: "bribery" };
const FOURD_REF = { dataClass: "Documents", key: 42, attribute: "contract" };
const C8Y_AUTH = { type: "basic", tenant: "t100", user: "admin", password: "admin" };
const PINGONE_ENVIRONMENT = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";

/**
 * Each API's upload and download calls: the only lines to touch when a client's API changes. `upload` returns what
 * `stored`, `download` and `remove` need to find the upload again.
 */
export const APIS = [
  {
    id: "hdap",
    label: "HDAP `upload`",
    payload: (seed) => randomBytes(seed, 1 * MiB),
    extension: "bin",
    type: "application/octet-stream",
    client: (baseUrl) => createHdapClient({ baseUrl, auth: { type: "basic", ...HDAP_WRITER } }),
    upload: async (hdap, input, options) => {
      await hdap.upload(BJENSEN, "photo", input, options);
      return BJENSEN;
    },
    download: (hdap) => hdap.download(BJENSEN, "photo"),
    stored: async (baseUrl) => {
      const entry = await getJson(`${baseUrl}/hdap/dc=com/dc=example/ou=People/uid=bjensen?_fields=photo`, {
        authorization: basic("dc=com/dc=example/ou=People/uid=kvaughan", HDAP_WRITER.password),
      });
      const photo = Array.isArray(entry.photo) ? entry.photo : [entry.photo];
      if (photo.length !== 1 || typeof photo[0] !== "string") {
        throw new Error(`the entry holds ${photo.length} photo values, not one`);
      }
      return Uint8Array.from(atob(photo[0]), (character) => character.charCodeAt(0));
    },
  },
  {
    id: "fourd",
    label: "4D `upload`",
    payload: (seed) => randomBytes(seed, 3 * MiB),
    extension: "bin",
    type: "application/octet-stream",
    client: (baseUrl) => createFourDClient({ baseUrl, auth: { type: "session", user: "admin", password: "admin" } }),
    upload: async (fourd, input, options) => {
      await fourd.upload(FOURD_REF, input, options);
      return FOURD_REF;
    },
    download: (fourd, ref) => fourd.download(ref),
    stored: (baseUrl, ref) =>
      getBytes(`${baseUrl}/rest/${ref.dataClass}(${ref.key})/${ref.attribute}?$binary=true&$expand=${ref.attribute}`),
  },
  {
    id: "cumulocity-upload",
    label: "Cumulocity `upload` (multipart)",
    // Progress counts the multipart body, which is the file and a few hundred bytes of part headers.
    progressCountsFraming: true,
    payload: (seed) => randomBytes(seed, 3 * MiB),
    extension: "bin",
    type: "application/octet-stream",
    client: (baseUrl) => createCumulocityClient({ baseUrl, auth: C8Y_AUTH }),
    upload: async (c8y, input, options) => {
      const binary = await c8y.upload(input, { name: "matrix.bin" }, options);
      return binary.id;
    },
    download: (c8y, id) => c8y.download(id),
    stored: (baseUrl, id) => getBytes(`${baseUrl}/inventory/binaries/${id}`, { authorization: c8yBasic() }),
    remove: (c8y, id) => c8y.delete(id),
  },
  {
    id: "cumulocity-replace",
    label: "Cumulocity `replace` (raw PUT)",
    payload: (seed) => randomBytes(seed, 3 * MiB),
    extension: "bin",
    type: "application/octet-stream",
    client: (baseUrl) => createCumulocityClient({ baseUrl, auth: C8Y_AUTH }),
    upload: async (c8y, input, options) => {
      const binary = await c8y.upload(new TextEncoder().encode("to be replaced"), { name: "matrix.bin" });
      await c8y.replace(binary.id, input, options);
      return binary.id;
    },
    download: (c8y, id) => c8y.download(id),
    stored: (baseUrl, id) => getBytes(`${baseUrl}/inventory/binaries/${id}`, { authorization: c8yBasic() }),
    remove: (c8y, id) => c8y.delete(id),
  },
  {
    id: "pingone",
    label: "PingOne `upload`",
    payload: (seed) => pngWithPadding(seed, 1_500_000),
    extension: "png",
    type: "image/png",
    client: (baseUrl) =>
      createPingOneClient({
        baseUrl: `${baseUrl}/v1`,
        auth: { type: "bearer", token: "demo-token" },
        environmentId: PINGONE_ENVIRONMENT,
      }),
    upload: async (pingone, input, options) => (await pingone.upload(input, options)).id,
    // PingOne serves image bytes from its CDN, which neither the real API nor the mock serve: read the metadata back.
    download: async (pingone, id) => {
      const { original } = (await pingone.get(id)).targets;
      return new TextEncoder().encode(`${original.type} ${original.width}x${original.height}`);
    },
    expectedDownload: () => new TextEncoder().encode("png 1x1"),
    stored: (baseUrl, id) => getJson(`${baseUrl}/__matrix/pingone/${id}`),
    remove: (pingone, id) => pingone.delete(id),
  },
];

/**
 * The input kinds. `files` (Node, Bun, Deno) writes the payload to a temporary file and opens it; kinds that need it
 * do not exist in a browser.
 */
export const KINDS = [
  { id: "path", label: "path", needsFiles: true, make: async ({ file }) => (await file()).path },
  { id: "file-url", label: "`file:` URL", needsFiles: true, make: async ({ file }) => (await file()).url },
  {
    id: "file-blob",
    label: "file-backed Blob (`fs.openAsBlob`)",
    needsFiles: true,
    make: async ({ file }) => (await file()).openAsBlob(),
  },
  {
    id: "blob",
    label: "Blob/File",
    make: ({ payload, api }) => new File([payload], `matrix.${api.extension}`, { type: api.type }),
  },
  { id: "bytes", label: "bytes (`Uint8Array`)", make: ({ payload }) => payload.slice() },
  { id: "node-stream", label: "Node stream", needsFiles: true, make: async ({ file }) => (await file()).stream() },
  { id: "web-stream", label: "web `ReadableStream`", make: ({ payload }) => chunkedStream(payload) },
  { id: "async-iterable", label: "async iterable", make: ({ payload }) => chunks(payload) },
  {
    id: "response",
    label: "`Response`",
    make: ({ payload, api }) => new Response(chunkedStream(payload), { headers: { "content-type": api.type } }),
  },
];

/** `node 20.20.2`, `bun 1.4.5`, `deno 2.9.6` or `chromium 156.0...`. */
export function runtimeName() {
  if (globalThis.Deno) {
    return `deno ${globalThis.Deno.version.deno}`;
  }
  if (globalThis.Bun) {
    return `bun ${globalThis.Bun.version}`;
  }
  if (globalThis.process?.versions?.node) {
    return `node ${globalThis.process.versions.node}`;
  }
  return `chromium ${/Chrom(?:e|ium)\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? "?"}`;
}

/**
 * Runs every cell this runtime can run, one after the other. `files(name, bytes)`, when given, writes a temporary
 * file and returns `{ path, url, stream(), openAsBlob() }`. `only` filters cells by `api:kind` (either part may be
 * `*`). Never throws: a cell that breaks is a failed cell.
 */
export async function runMatrix({ baseUrl, files, only = "*:*", timeoutMs = 180_000, log = () => {} }) {
  const runtime = runtimeName();
  const [onlyApi = "*", onlyKind = "*"] = only.split(":");
  const results = [];
  for (const api of APIS) {
    if (onlyApi !== "*" && onlyApi !== api.id) {
      continue;
    }
    const client = api.client(baseUrl);
    for (const kind of KINDS) {
      if (onlyKind !== "*" && onlyKind !== kind.id) {
        continue;
      }
      if (kind.needsFiles && !files) {
        results.push({ api: api.id, kind: kind.id, outcome: "n/a", detail: "no file system" });
        continue;
      }
      const started = Date.now();
      const result = await runCell({ api, kind, client, baseUrl, files, runtime, timeoutMs });
      log(`${api.id} ${kind.id}: ${result.outcome}${result.detail ? ` (${result.detail})` : ""}`);
      results.push({ api: api.id, kind: kind.id, ...result, ms: Date.now() - started });
    }
  }
  return { runtime, results };
}

async function runCell({ api, kind, client, baseUrl, files, runtime, timeoutMs }) {
  const outcomes = [];
  for (const withProgress of [false, true]) {
    const step = withProgress ? "with progress" : "without progress";
    const payload = api.payload(`${runtime}|${api.id}|${kind.id}|${step}`);
    const file = files ? once(() => files(`${api.id}-${kind.id}.${api.extension}`, payload)) : undefined;
    const events = [];
    const options = {
      signal: AbortSignal.timeout(timeoutMs),
      ...(withProgress
        ? { onUploadProgress: (event) => events.push({ loaded: event.loaded, total: event.total }) }
        : {}),
    };
    let located;
    try {
      const input = await kind.make({ payload, file, api });
      located = await api.upload(client, input, options);
    } catch (error) {
      outcomes.push(isRefusal(error) ? { outcome: "refused", detail: describe(error) } : failed(step, error));
      continue;
    }
    try {
      const problem =
        (await compare("stored", await api.stored(baseUrl, located), payload)) ??
        (await compare(
          "downloaded",
          await bytesOf(await api.download(client, located)),
          api.expectedDownload?.() ?? payload,
        )) ??
        (withProgress ? progressProblem(events, payload.byteLength, api.progressCountsFraming) : undefined);
      outcomes.push(problem ? { outcome: "fail", detail: `${step}: ${problem}` } : { outcome: "pass" });
    } catch (error) {
      outcomes.push(failed(`${step}, checking`, error));
    } finally {
      await api.remove?.(client, located).catch(() => {});
    }
  }
  const [plain, progress] = outcomes;
  if (plain.outcome === progress.outcome && plain.outcome !== "fail") {
    return plain.outcome === "refused" ? plain : { outcome: "pass" };
  }
  return {
    outcome: "fail",
    detail: outcomes
      .filter((outcome) => outcome.outcome !== "pass")
      .map((outcome) => `${outcome.outcome === "refused" ? "refused: " : ""}${outcome.detail}`)
      .join("; "),
  };
}

/** A refusal is the SDK's typed "this input cannot be sent here" error, thrown before anything is sent. */
function isRefusal(error) {
  return error?.name === "InvalidInputError" && /^UNSUPPORTED_/.test(String(error.code));
}

function failed(step, error) {
  return { outcome: "fail", detail: `${step}: ${describe(error)}` };
}

function describe(error) {
  const code = error?.code === undefined ? "" : ` ${error.code}`;
  const status = error?.status === undefined ? "" : ` ${error.status}`;
  return `${error?.name ?? "Error"}${code}${status}: ${String(error?.message ?? error).split("\n")[0]}`;
}

/** `actual` is bytes, or the `{ size, sha256 }` the mock recorded. */
async function compare(what, actual, expected) {
  const want = await fingerprint(expected);
  const got = actual instanceof Uint8Array ? await fingerprint(actual) : actual;
  if (got.size === want.size && got.sha256 === want.sha256) {
    return undefined;
  }
  return `${what} ${got.size} bytes (sha256 ${got.sha256.slice(0, 12)}), sent ${want.size} (sha256 ${want.sha256.slice(0, 12)})`;
}

function progressProblem(events, size, countsFraming = false) {
  if (events.length === 0) {
    return "0 progress calls";
  }
  for (let index = 1; index < events.length; index++) {
    if (events[index].loaded < events[index - 1].loaded) {
      return `progress went back from ${events[index - 1].loaded} to ${events[index].loaded}`;
    }
  }
  const last = events.at(-1);
  const complete =
    last.total !== undefined ? last.loaded === last.total : countsFraming ? last.loaded > size : last.loaded === size;
  if (!complete) {
    return `${events.length} progress calls, the last ${last.loaded}/${last.total ?? "undefined"}`;
  }
  return undefined;
}

/** A client's download as bytes, whichever shape it has: bytes, or a `Download` to read. */
async function bytesOf(value) {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (value && typeof value.bytes === "function") {
    return new Uint8Array(await value.bytes());
  }
  throw new Error(`the download gave ${value === null ? "null" : typeof value}`);
}

async function fingerprint(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return { size: bytes.byteLength, sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("") };
}

function basic(user, password) {
  return `Basic ${btoa(`${user}:${password}`)}`;
}

function c8yBasic() {
  return basic(`${C8Y_AUTH.tenant}/${C8Y_AUTH.user}`, C8Y_AUTH.password);
}

async function getBytes(url, headers = {}) {
  const response = await fetch(url, { headers });
  if (!response.ok) {
    throw new Error(`GET ${new URL(url).pathname} answered ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function getJson(url, headers = {}) {
  const response = await fetch(url, { headers });
  if (!response.ok) {
    throw new Error(`GET ${new URL(url).pathname} answered ${response.status}`);
  }
  return response.json();
}

function once(create) {
  let made;
  return () => {
    made ??= create();
    return made;
  };
}

/** Pseudo-random bytes from a seed string (xorshift32): the same on every runtime, different for every cell. */
export function randomBytes(seed, size) {
  let state = 2166136261;
  for (const character of seed) {
    state = Math.imul(state ^ character.charCodeAt(0), 16777619) >>> 0;
  }
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state;
    bytes[index + 1] = state >>> 8;
    bytes[index + 2] = state >>> 16;
    bytes[index + 3] = state >>> 24;
  }
  return bytes;
}

/** Uneven chunks, so no part of the SDK can assume a chunk size. */
function* chunkRanges(size) {
  const sizes = [1, 65_535, 50_000, 131_072, 7];
  for (let start = 0, turn = 0; start < size; turn++) {
    const end = Math.min(size, start + (sizes[turn % sizes.length] ?? 1));
    yield [start, end];
    start = end;
  }
}

function chunkedStream(payload) {
  const ranges = chunkRanges(payload.byteLength);
  return new ReadableStream({
    pull(controller) {
      const next = ranges.next();
      if (next.done) {
        controller.close();
      } else {
        controller.enqueue(payload.slice(...next.value));
      }
    },
  });
}

async function* chunks(payload) {
  for (const range of chunkRanges(payload.byteLength)) {
    yield payload.slice(...range);
  }
}

// A real 1 x 1 PNG; its first 33 bytes are the signature and the IHDR chunk.
const DOT_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (character) => character.charCodeAt(0),
);

/** A 1 x 1 PNG (what PingOne accepts) made `size` bytes long by a private ancillary chunk of seeded random bytes. */
export function pngWithPadding(seed, size) {
  const data = randomBytes(seed, size - DOT_PNG.byteLength - 12);
  const png = new Uint8Array(size);
  png.set(DOT_PNG.subarray(0, 33));
  const view = new DataView(png.buffer);
  view.setUint32(33, data.byteLength);
  png.set(new TextEncoder().encode("mxPd"), 37);
  png.set(data, 41);
  view.setUint32(41 + data.byteLength, crc32(png.subarray(37, 41 + data.byteLength)));
  png.set(DOT_PNG.subarray(33), 45 + data.byteLength);
  return png;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, value) => {
  let crc = value;
  for (let bit = 0; bit < 8; bit++) {
    crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return crc >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
