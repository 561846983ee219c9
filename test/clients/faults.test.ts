import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";
import { createHdapClient } from "bytewire/hdap";
import { createPingOneClient } from "bytewire/pingone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caught } from "../support/bytes.ts";

/*
 * Every failure of every client is a bytewire error whose `kind` means the same on all four APIs. Each client meets
 * each fault through its own calls: a JSON read (get, or a listing's first page) and a binary read (download).
 */

type Fetch = (request: Request) => Promise<Response>;
interface ClientSetup {
  baseUrl?: string;
  fetch?: Fetch;
  timeout?: number;
}
interface Calls {
  /** A call that answers JSON. */
  json(setup: ClientSetup): Promise<unknown>;
  /** A call that answers a file, saved to `path`. */
  saveTo(setup: ClientSetup, path: string, signal?: AbortSignal): Promise<unknown>;
}

const BASE = "http://api.example";
const options = (setup: ClientSetup) => ({
  baseUrl: setup.baseUrl ?? BASE,
  maxRetries: 0,
  ...(setup.fetch && { fetch: setup.fetch }),
  ...(setup.timeout && { timeout: setup.timeout }),
});

const CLIENTS: Record<string, Calls> = {
  hdap: {
    json: (setup) => createHdapClient(options(setup)).get("uid=bjensen,ou=People,dc=example,dc=com"),
    saveTo: async (setup, path, signal) => {
      const download = await createHdapClient(options(setup)).download(
        "uid=bjensen,ou=People,dc=example,dc=com",
        "photo",
      );
      return download?.saveTo(path, signal ? { signal } : {});
    },
  },
  fourd: {
    json: (setup) => createFourDClient(options(setup)).get({ dataClass: "User", key: 1 }),
    saveTo: async (setup, path, signal) => {
      const download = await createFourDClient(options(setup)).download({
        dataClass: "User",
        key: 1,
        attribute: "photo",
      });
      return download?.saveTo(path, signal ? { signal } : {});
    },
  },
  cumulocity: {
    json: async (setup) => {
      for await (const page of createCumulocityClient(options(setup)).list().pages()) {
        return page;
      }
      return undefined;
    },
    saveTo: async (setup, path, signal) =>
      (await createCumulocityClient(options(setup)).download("1")).saveTo(path, signal ? { signal } : {}),
  },
  pingone: {
    json: (setup) =>
      createPingOneClient({
        ...options(setup),
        baseUrl: setup.baseUrl ?? BASE,
        environmentId: "env",
        auth: { type: "bearer", token: "t" },
      }).get("image"),
    // PingOne's images have no download call (their bytes are at a public URL): the JSON call stands in.
    saveTo: (setup, _path, signal) =>
      createPingOneClient({
        ...options(setup),
        baseUrl: setup.baseUrl ?? BASE,
        environmentId: "env",
        auth: { type: "bearer", token: "t" },
      }).get("image", signal ? { signal } : {}),
  },
};

const answer =
  (body: BodyInit | null, init: ResponseInit = {}): Fetch =>
  async () =>
    new Response(body, { status: 200, ...init });

/** Answers JSON for the entry or entity read first (HDAP's download reads the entry), then the file. */
function fileServer(file: () => Response): Fetch {
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/hdap/")) {
      return Response.json({ _id: "dc=com/dc=example/ou=People/uid=bjensen", photo: "AAECAw==" });
    }
    return file();
  };
}

const hanging: Fetch = (request) =>
  new Promise((_, reject) =>
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }),
  );

let cutServer: Server;
let cutOrigin: string;
let directory: string;

beforeAll(async () => {
  // Announces 1000 bytes, sends 10, and drops the connection: a body cut off mid-way.
  cutServer = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
    response.write('{"a":"aaaa');
    setTimeout(() => response.destroy(), 20);
  });
  await new Promise<void>((resolve) => cutServer.listen(0, "127.0.0.1", resolve));
  cutOrigin = `http://127.0.0.1:${(cutServer.address() as AddressInfo).port}`;
  directory = await mkdtemp(join(tmpdir(), "bytewire-faults-"));
});

afterAll(async () => {
  cutServer.closeAllConnections();
  cutServer.close();
  await rm(directory, { recursive: true, force: true });
});

interface Fault {
  run(calls: Calls): Promise<unknown>;
  expected: { name: string; kind: string; code?: string };
}

const FAULTS: Record<string, Fault> = {
  "malformed JSON": {
    run: (calls) =>
      calls.json({ fetch: answer('{"managedObjects": [', { headers: { "Content-Type": "application/json" } }) }),
    expected: { name: "InvalidResponseError", kind: "invalid_response", code: "MALFORMED_JSON" },
  },
  "empty body where JSON is required": {
    run: (calls) => calls.json({ fetch: answer(null) }),
    expected: { name: "InvalidResponseError", kind: "invalid_response", code: "EMPTY_BODY" },
  },
  "truncated body": {
    run: (calls) => calls.json({ baseUrl: cutOrigin }),
    expected: { name: "NetworkError", kind: "network" },
  },
  "abort during saveTo": {
    run: async (calls) => {
      const controller = new AbortController();
      const stalled = new ReadableStream<Uint8Array>({
        start(stream) {
          stream.enqueue(new Uint8Array(100));
        },
      });
      const fetch = fileServer(() => new Response(stalled, { headers: { "Content-Type": "image/png" } }));
      setTimeout(() => controller.abort(new Error("user left")), 20);
      // HDAP's value is in memory once the call resolves: an aborted signal stops its saveTo before it writes.
      const signal = calls === CLIENTS["hdap"] ? AbortSignal.abort(new Error("user left")) : controller.signal;
      return calls.saveTo({ fetch }, join(directory, "file.bin"), signal);
    },
    expected: { name: "AbortError", kind: "aborted" },
  },
  timeout: {
    run: (calls) => calls.json({ fetch: hanging, timeout: 30 }),
    expected: { name: "TimeoutError", kind: "timeout" },
  },
  "connection refused": {
    run: (calls) => calls.json({ baseUrl: "http://127.0.0.1:9" }),
    expected: { name: "NetworkError", kind: "network" },
  },
};

describe("every fault of every client is a bytewire error with one meaning", () => {
  describe.each(Object.keys(CLIENTS))("%s", (client) => {
    it.each(Object.keys(FAULTS))("%s", async (fault) => {
      const { run, expected } = FAULTS[fault] as Fault;
      const error = await caught(() => run(CLIENTS[client] as Calls));
      expect(error).toMatchObject({ ...expected, api: client });
      expect(await readdir(directory)).toEqual([]);
    });
  });

  it("an upload from a path that does not exist is the caller's InvalidInputError (ENOENT), and nothing is sent", async () => {
    const sent: string[] = [];
    const fetch: Fetch = async (request) => {
      sent.push(request.url);
      return Response.json({});
    };
    const missing = join(directory, "missing.bin");
    const uploads: Record<string, () => Promise<unknown>> = {
      hdap: () =>
        createHdapClient(options({ fetch })).upload("uid=bjensen,ou=People,dc=example,dc=com", "photo", missing),
      fourd: () =>
        createFourDClient(options({ fetch })).upload({ dataClass: "User", key: 1, attribute: "photo" }, missing),
      cumulocity: () => createCumulocityClient(options({ fetch })).upload(missing),
      pingone: () =>
        createPingOneClient({
          ...options({ fetch }),
          environmentId: "env",
          auth: { type: "bearer", token: "t" },
        }).upload(missing),
    };
    for (const [client, upload] of Object.entries(uploads)) {
      expect(await caught(upload), client).toMatchObject({
        name: "InvalidInputError",
        kind: "invalid_input",
        code: "ENOENT",
      });
    }
    expect(sent).toEqual([]);
  });

  it("fourd: a permission refused at 200 (__ERROR 1558) is an ApiError of kind forbidden", async () => {
    const refusal = { __ERROR: [{ message: "No permission to update", componentSignature: "dbmg", errCode: 1558 }] };
    const error = await caught(
      () => CLIENTS["fourd"]?.json({ fetch: async () => Response.json(refusal) }) ?? Promise.resolve(),
    );
    expect(error).toMatchObject({ name: "ApiError", kind: "forbidden", status: 200, code: "1558", api: "fourd" });
  });
});
