// Every bytewire client call the bench makes, in one place: when a client's options or verbs change, this is the
// file to adapt (the measurements around it stay as they are).
import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";

/** The credentials every client and peer sends; the bench server accepts any. */
export const BENCH_AUTH = { tenant: "t100", user: "admin", password: "admin" } as const;
/** The same as a Basic Authorization header value (Cumulocity's `<tenant>/<user>` form). */
export const BENCH_BASIC = `Basic ${btoa(`${BENCH_AUTH.tenant}/${BENCH_AUTH.user}:${BENCH_AUTH.password}`)}`;
/** The Accept header bytewire sends for a list, which the peers of the small-request scenario send too. */
export const LIST_ACCEPT =
  "application/vnd.com.nsn.cumulocity.managedobjectcollection+json, application/vnd.com.nsn.cumulocity.error+json, application/json";
/** The query of the small-request scenario's list page. */
export const LIST_QUERY = { pageSize: 5 } as const;

// Transfers of a GiB take seconds; the clients' default timeout is for API calls.
const TIMEOUT = 600_000;

function cumulocity(baseUrl: string) {
  return createCumulocityClient({ baseUrl, auth: { type: "basic", ...BENCH_AUTH }, timeout: TIMEOUT });
}

/** A prepared bytewire call: `warmUp` loads what the first request loads, `run` is the measured part. */
export interface PreparedCall<T> {
  warmUp(): Promise<unknown>;
  run(): Promise<T>;
}

/** `fourd.uploadFile(path)`: the raw body of 4D's `$upload`; resolves to the upload ID. */
export function fourdUpload(baseUrl: string, path: string): PreparedCall<string> {
  const fourd = createFourDClient({
    baseUrl,
    auth: { type: "session", user: BENCH_AUTH.user, password: BENCH_AUTH.password },
    timeout: TIMEOUT,
  });
  return {
    warmUp: () => fourd.login(),
    run: () => fourd.uploadFile(path, { kind: "blob", contentType: "application/octet-stream" }),
  };
}

/** `c8y.upload(path)`: Cumulocity's multipart upload; resolves to the length the server counted. */
export function cumulocityUpload(baseUrl: string, path: string): PreparedCall<number> {
  const c8y = cumulocity(baseUrl);
  return {
    warmUp: () => firstPage(c8y),
    run: async () => (await c8y.upload(path, { name: "bench.bin", type: "application/octet-stream" })).length,
  };
}

/** `(await c8y.download(id)).saveTo(path)`: a durable download (temporary file, fsync, rename); resolves to its size. */
export function cumulocitySaveTo(baseUrl: string, id: string, path: string): PreparedCall<number> {
  const c8y = cumulocity(baseUrl);
  return {
    warmUp: () => firstPage(c8y),
    run: async () => (await (await c8y.download(id)).saveTo(path)).size,
  };
}

/** The first page of `c8y.list()`: one GET. */
async function firstPage(c8y: ReturnType<typeof cumulocity>) {
  for await (const page of c8y.list(LIST_QUERY).pages()) {
    return page;
  }
  throw new Error("the bench server answered no page");
}

/** `c8y.list()` of one page (its first page, one GET); resolves to the number of binaries on it. */
export function cumulocityList(baseUrl: string): PreparedCall<number> {
  const c8y = cumulocity(baseUrl);
  const run = async () => (await firstPage(c8y)).managedObjects.length;
  return { warmUp: run, run };
}
