// What bytewire is compared with, each doing the same transfer the plain way: node:http, raw fetch, @c8y/client and
// curl. Each is prepared like a bytewire call (see bytewire-calls.ts): `warmUp` loads its machinery, `run` is measured.
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, openAsBlob, readFileSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BasicAuth, Client } from "@c8y/client";
import { BENCH_AUTH, BENCH_BASIC, type PreparedCall } from "./bytewire-calls.ts";

/** What a transfer did: the bytes the other side counted (or wrote), and a child process's peak RSS if it ran one. */
export interface TransferResult {
  bytes: number;
  /** Peak resident memory of the curl process, for peers that run one. */
  childPeakRss?: number | undefined;
}

const RAW_UPLOAD_PATH = "/rest/$upload?$binary=true";
const MULTIPART_PATH = "/inventory/binaries";
const OBJECT_PART = JSON.stringify({ name: "bench.bin", type: "application/octet-stream" });

/** The byte count the bench server put in the 4D upload ID. */
export function countFromUploadId(id: string): number {
  return Number.parseInt(id, 16);
}

async function readJson(response: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of response) {
    text += String(chunk);
  }
  return JSON.parse(text);
}

async function fsyncFile(path: string): Promise<void> {
  // fsync applies to the file, whichever descriptor asks for it.
  const handle = await open(path, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function listUrl(baseUrl: string): string {
  return `${baseUrl}/inventory/binaries?pageSize=5`;
}

/** A small GET with fetch: loads undici, as each fetch-based peer's first request does. */
async function fetchWarmUp(baseUrl: string): Promise<void> {
  await (await fetch(listUrl(baseUrl), { headers: { authorization: BENCH_BASIC } })).arrayBuffer();
}

/** A small GET with node:http. */
function httpWarmUp(baseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    httpRequest(listUrl(baseUrl), { headers: { authorization: BENCH_BASIC } }, (response) => {
      response.resume().on("end", resolve).on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/** POSTs `path` with node:http, as `pipeline(createReadStream(path), request)`; resolves to the answer's JSON. */
function httpPost(url: string, path: string, size: number): Promise<unknown> {
  const request = httpRequest(url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", "content-length": size, authorization: BENCH_BASIC },
  });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    request.on("response", resolve).on("error", reject);
  });
  return Promise.all([pipeline(createReadStream(path), request), answered]).then(([, response]) => readJson(response));
}

async function fetchPost(url: string, body: Blob | ReadableStream<Uint8Array>): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", authorization: BENCH_BASIC },
    body,
    duplex: "half",
  } as RequestInit);
  return response.json();
}

/** Runs curl; resolves to its stdout and its peak RSS (polled from /proc, so Linux only). */
function curl(args: string[]): Promise<{ stdout: string; peakRss: number | undefined }> {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["-sS", "--fail", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    let peakRss: number | undefined;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
        peakRss = Number.isFinite(kib) ? Math.max(peakRss ?? 0, kib * 1024) : peakRss;
      } catch {
        // Gone already, or no /proc.
      }
    }, 5);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.on("error", reject).on("close", (code) => {
      clearInterval(poll);
      code === 0 ? resolve({ stdout, peakRss }) : reject(new Error(`curl ${args[0]} exited with ${code}`));
    });
  });
}

/** Raw upload peers: the same POST of `path` to the 4D-shaped `$upload`. */
export const rawUploadPeers: Record<
  string,
  (baseUrl: string, path: string, size: number) => PreparedCall<TransferResult>
> = {
  "node:http pipeline(createReadStream, req)": (baseUrl, path, size) => ({
    warmUp: () => httpWarmUp(baseUrl),
    run: async () => {
      const { ID } = (await httpPost(`${baseUrl}${RAW_UPLOAD_PATH}`, path, size)) as { ID: string };
      return { bytes: countFromUploadId(ID) };
    },
  }),
  "fetch, body: file stream": (baseUrl, path) => ({
    warmUp: () => fetchWarmUp(baseUrl),
    run: async () => {
      const stream = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      const { ID } = (await fetchPost(`${baseUrl}${RAW_UPLOAD_PATH}`, stream)) as { ID: string };
      return { bytes: countFromUploadId(ID) };
    },
  }),
  "fetch, body: openAsBlob(path)": (baseUrl, path) => ({
    warmUp: () => fetchWarmUp(baseUrl),
    run: async () => {
      const { ID } = (await fetchPost(`${baseUrl}${RAW_UPLOAD_PATH}`, await openAsBlob(path))) as { ID: string };
      return { bytes: countFromUploadId(ID) };
    },
  }),
  "curl -T": (baseUrl, path) => ({
    warmUp: async () => undefined,
    run: async () => {
      const { stdout, peakRss } = await curl([
        "-T",
        path,
        "-X",
        "POST",
        "-H",
        "content-type: application/octet-stream",
        "-H",
        `authorization: ${BENCH_BASIC}`,
        `${baseUrl}${RAW_UPLOAD_PATH}`,
      ]);
      return { bytes: countFromUploadId((JSON.parse(stdout) as { ID: string }).ID), childPeakRss: peakRss };
    },
  }),
};

/** Download peers: GET the binary and write it to `target`, durably (fsync) as saveTo does. */
export const downloadPeers: Record<string, (url: string, target: string) => PreparedCall<TransferResult>> = {
  "fetch + write + fsync": (url, target) => ({
    warmUp: () => fetchWarmUp(new URL(url).origin),
    run: async () => {
      const response = await fetch(url, { headers: { authorization: BENCH_BASIC } });
      if (!response.ok || !response.body) {
        throw new Error(`GET answered ${response.status}`);
      }
      await pipeline(response.body, createWriteStream(target));
      await fsyncFile(target);
      return { bytes: (await stat(target)).size };
    },
  }),
  "node:http pipeline(res, file) + fsync": (url, target) => ({
    warmUp: () => httpWarmUp(new URL(url).origin),
    run: async () => {
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        httpRequest(url, { headers: { authorization: BENCH_BASIC } }, resolve)
          .on("error", reject)
          .end();
      });
      await pipeline(response, createWriteStream(target));
      await fsyncFile(target);
      return { bytes: (await stat(target)).size };
    },
  }),
  "curl -o, then sync": (url, target) => ({
    warmUp: async () => undefined,
    run: async () => {
      const { peakRss } = await curl(["-o", target, "-H", `authorization: ${BENCH_BASIC}`, url]);
      await new Promise<void>((resolve, reject) => {
        spawn("sync", [target], { stdio: "inherit" })
          .on("error", reject)
          .on("close", (code) => (code === 0 ? resolve() : reject(new Error(`sync exited with ${code}`))));
      });
      return { bytes: (await stat(target)).size, childPeakRss: peakRss };
    },
  }),
};

/** Multipart peers: POST `path` as Cumulocity's `object` + `file` parts; the server counts the whole body. */
export const multipartPeers: Record<string, (baseUrl: string, path: string) => PreparedCall<TransferResult>> = {
  "@c8y/client inventoryBinary.create(stream)": (baseUrl, path) => {
    const client = new Client(new BasicAuth({ ...BENCH_AUTH }), baseUrl);
    return {
      warmUp: () => client.inventoryBinary.list({ pageSize: 5 }),
      run: async () => {
        // Its documented Node input: a stream (form-data reads the file's size from it), plus the metadata.
        const { data } = await client.inventoryBinary.create(createReadStream(path), {
          name: "bench.bin",
          type: "application/octet-stream",
        });
        return { bytes: data.length ?? 0 };
      },
    };
  },
  "curl -F": (baseUrl, path) => ({
    warmUp: async () => undefined,
    run: async () => {
      const { stdout, peakRss } = await curl([
        "-H",
        "accept: application/json",
        "-H",
        `authorization: ${BENCH_BASIC}`,
        "-F",
        `object=${OBJECT_PART};type=application/json`,
        "-F",
        `file=@${path};type=application/octet-stream`,
        `${baseUrl}${MULTIPART_PATH}`,
      ]);
      return { bytes: (JSON.parse(stdout) as { length: number }).length, childPeakRss: peakRss };
    },
  }),
};
