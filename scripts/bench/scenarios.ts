// The bench's scenarios and their tools, by name: the orchestrator runs each tool in its own process per round, and
// the runners (transfer.ts, requests.ts) map a name back to the call.

/** A bulk transfer scenario. */
export type TransferScenario = "raw-upload" | "download" | "multipart";

/** Which transfer a runner process does. */
export interface TransferSpec {
  scenario: TransferScenario;
  tool: string;
  baseUrl: string;
  /** The input file (uploads) or the target file (downloads). */
  path: string;
  size: number;
}

/** What one transfer run measured. */
export interface TransferMeasurement {
  seconds: number;
  /** Bytes the server counted (uploads; a multipart body includes its parts' heads) or the file's size (downloads). */
  bytes: number;
  /** Growth of the runner's peak RSS over its level after warm-up, or a curl process's whole peak RSS. */
  rss: number | undefined;
}

/** The bytewire tool of each transfer scenario; listed first, and the numerator of every ratio. */
export const BYTEWIRE_TOOLS: Record<TransferScenario, string> = {
  "raw-upload": "bytewire fourd.upload(path)",
  download: "bytewire download(id).saveTo(path)",
  multipart: "bytewire c8y.upload(path)",
};

/** Which small-request run a runner process does. */
export interface RequestsSpec {
  tool: string;
  baseUrl: string;
  count: number;
  concurrency: number;
}

/** The small-request tools; the first is bytewire's. */
export const REQUEST_TOOLS = [
  "bytewire c8y.list()",
  "openapi-fetch client.GET",
  "fetch + response.json()",
  // bytewire bounds every call with a timeout (60 s by default); this is openapi-fetch with the same guarantee.
  "openapi-fetch client.GET, signal: AbortSignal.timeout(60 s)",
  // What bytewire sends through in Node: the ceiling for a client on node:http.
  "node:http get + JSON.parse",
] as const;
