// One small-request run in a fresh process: `count` GETs of a Cumulocity list page, `concurrency` at a time, after a
// warm-up. Prints one JSON line: { seconds }.
import http from "node:http";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/schema.ts";
import { BENCH_BASIC, cumulocityList, LIST_ACCEPT, LIST_QUERY } from "./bytewire-calls.ts";
import { REQUEST_TOOLS, type RequestsSpec } from "./scenarios.ts";

const WARM_UP_REQUESTS = 300;

/**
 * A plain openapi-fetch client with the same generated schema, as an application would write it; `signal` gives each
 * request's signal (none, or a timeout like bytewire's).
 */
function openapiFetchList(
  baseUrl: string,
  headers: Record<string, string>,
  signal: () => AbortSignal | undefined,
): () => Promise<number> {
  const client = createClient<paths>({ baseUrl, headers });
  return async () => {
    const requestSignal = signal();
    const { data, error } = await client.GET("/inventory/binaries", {
      params: { query: LIST_QUERY },
      ...(requestSignal === undefined ? {} : { signal: requestSignal }),
    });
    if (!data) {
      throw new Error(`list failed: ${JSON.stringify(error)}`);
    }
    return data.managedObjects.length;
  };
}

/** A GET with node:http's keep-alive global agent, the body collected and parsed: no web streams at all. */
function nodeHttpGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          if (response.statusCode !== 200) {
            reject(new Error(`list answered ${response.statusCode}`));
            return;
          }
          resolve(
            (JSON.parse(Buffer.concat(chunks).toString()) as { managedObjects: unknown[] }).managedObjects.length,
          );
        });
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

/** One GET of the page with `tool`; resolves to the number of binaries on it. */
function requester(tool: string, baseUrl: string): () => Promise<number> {
  const headers = { authorization: BENCH_BASIC, accept: LIST_ACCEPT };
  switch (tool) {
    case REQUEST_TOOLS[0]:
      return cumulocityList(baseUrl).run;
    case REQUEST_TOOLS[1]:
      return openapiFetchList(baseUrl, headers, () => undefined);
    case REQUEST_TOOLS[3]:
      return openapiFetchList(baseUrl, headers, () => AbortSignal.timeout(60_000));
    case REQUEST_TOOLS[2]: {
      const url = `${baseUrl}/inventory/binaries?pageSize=${LIST_QUERY.pageSize}`;
      return async () => {
        const response = await fetch(url, { headers });
        if (!response.ok) {
          throw new Error(`list answered ${response.status}`);
        }
        return ((await response.json()) as { managedObjects: unknown[] }).managedObjects.length;
      };
    }
    case REQUEST_TOOLS[4]: {
      const url = `${baseUrl}/inventory/binaries?pageSize=${LIST_QUERY.pageSize}`;
      return () => nodeHttpGet(url, headers);
    }
    default:
      throw new Error(`no request tool named ${tool}`);
  }
}

/** Sends `count` requests, `concurrency` at a time; fails on a page that is not the 5 binaries the server sends. */
async function send(get: () => Promise<number>, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      if ((await get()) !== LIST_QUERY.pageSize) {
        throw new Error("the page did not hold the server's 5 binaries");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

const spec = JSON.parse(process.argv[2] ?? "{}") as RequestsSpec;
const get = requester(spec.tool, spec.baseUrl);
await send(get, WARM_UP_REQUESTS, spec.concurrency);
globalThis.gc?.();
const started = performance.now();
await send(get, spec.count, spec.concurrency);
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
