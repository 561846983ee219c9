import {
  type ApiMock,
  type CumulocityMockOptions,
  type CumulocityPrincipal,
  createCumulocityMock,
  type MockDispatcher,
} from "bytewire/mocks";
import { createTestDispatcher } from "../../support/mock.ts";

export const ORIGIN = "http://localhost:4010";
export const BINARIES = `${ORIGIN}/inventory/binaries`;
export const START = Date.parse("2026-11-22T10:00:00Z");
export const VENDOR_OBJECT = "application/vnd.com.nsn.cumulocity.managedobject+json";
export const VENDOR_COLLECTION = "application/vnd.com.nsn.cumulocity.managedobjectcollection+json";
export const VENDOR_ERROR = "application/vnd.com.nsn.cumulocity.error+json";
export const ERROR_INFO = "https://www.cumulocity.com/guides/reference-guide/#error_reporting";

/** `Authorization: Basic` for a user name and password. */
export function basic(userName: string, password: string): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${userName}:${password}`).toString("base64")}` };
}

export const ADMIN = basic("t100/admin", "admin");
export const READER = basic("t100/reader", "reader");

/** The media type without its parameters, lower case. */
export function essence(contentType: string | null): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}

/** A Cumulocity mock behind a test dispatcher that validates every response, on a clock the test moves. */
export class Harness {
  clock = START;
  readonly mock: ApiMock<CumulocityPrincipal>;
  readonly dispatcher: MockDispatcher;

  constructor(options: CumulocityMockOptions = {}) {
    const now = () => this.clock;
    this.mock = createCumulocityMock(options, now);
    this.dispatcher = createTestDispatcher([this.mock], now);
  }

  async send(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.dispatcher.dispatch(new Request(url, init));
    if (!response) {
      throw new Error(`the mock did not answer ${init.method ?? "GET"} ${url}`);
    }
    return response;
  }

  /** GET the list with a query string, as admin unless headers say otherwise. */
  list(query = "", headers: Record<string, string> = ADMIN): Promise<Response> {
    return this.send(`${BINARIES}${query === "" ? "" : `?${query}`}`, { headers });
  }

  download(id: string, headers: Record<string, string> = ADMIN): Promise<Response> {
    return this.send(`${BINARIES}/${id}`, { headers });
  }

  upload(body: MultipartBody, headers: Record<string, string> = ADMIN): Promise<Response> {
    return this.send(BINARIES, {
      method: "POST",
      body: body.bytes,
      headers: { "content-type": body.contentType, accept: "application/json", ...headers },
    });
  }

  /** PUT as fetch sends it: `Accept: *\/*` unless the headers say otherwise (without Accept the body is empty). */
  replace(id: string, bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string>): Promise<Response> {
    return this.send(`${BINARIES}/${id}`, {
      method: "PUT",
      body: bytes,
      headers: { ...ADMIN, accept: "*/*", ...headers },
    });
  }

  remove(id: string, headers: Record<string, string> = ADMIN): Promise<Response> {
    return this.send(`${BINARIES}/${id}`, { method: "DELETE", headers });
  }

  /** The IDs the admin sees, in list order (up to 2000). */
  async ids(): Promise<string[]> {
    const page = await (await this.list("pageSize=2000")).json();
    return page.managedObjects.map((binary: { id: string }) => binary.id);
  }
}

/** One part of a hand-built multipart body; `filename` and `contentType` are written only when given. */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  body: string | Uint8Array;
}

/** A multipart/form-data body and its Content-Type. */
export interface MultipartBody {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** Builds a multipart/form-data body byte by byte, so tests control part order, filenames and part types. */
export function multipart(parts: Part[], boundary = "----bytewire-test-boundary"): MultipartBody {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) {
      head += `; filename="${part.filename}"`;
    }
    head += "\r\n";
    if (part.contentType !== undefined) {
      head += `Content-Type: ${part.contentType}\r\n`;
    }
    chunks.push(encoder.encode(`${head}\r\n`));
    chunks.push(typeof part.body === "string" ? encoder.encode(part.body) : part.body);
    chunks.push(encoder.encode("\r\n"));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The usual upload: `object` as JSON, then `file` with a filename and a type. */
export function uploadBody(
  object: Record<string, unknown>,
  file: Uint8Array,
  fileType = "application/octet-stream",
): MultipartBody {
  return multipart([
    { name: "object", contentType: "application/json", body: JSON.stringify(object) },
    { name: "file", filename: String(object["name"] ?? "file"), contentType: fileType, body: file },
  ]);
}
