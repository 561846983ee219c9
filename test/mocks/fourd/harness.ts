import {
  type ApiMock,
  createFourDMock,
  type FourDMockOptions,
  type FourDPrincipal,
  type MockDispatcher,
} from "bytewire/mocks";
import { createTestDispatcher } from "../../support/mock.ts";

export const ORIGIN = "http://localhost:4010";
export const REST = `${ORIGIN}/rest`;
export const START = Date.parse("2026-11-22T10:00:00Z");
export const JPEG = "fourd-profile-picture-jpeg";

/** A query string as openapi-fetch writes it: names raw, values percent-encoded. */
export function query(params: Record<string, string | number | boolean>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join("&");
}

/** The media type without its parameters, lower case. */
export function essence(contentType: string | null): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}

/** The `__ERROR` codes of an error body or inline failure. */
export function errCodes(body: { __ERROR?: { errCode: number }[] }): number[] {
  return (body.__ERROR ?? []).map((item) => item.errCode);
}

/** A 4D mock behind a test dispatcher that validates every response, on a clock the test moves. */
export class Harness {
  clock = START;
  readonly mock: ApiMock<FourDPrincipal>;
  readonly dispatcher: MockDispatcher;

  constructor(options: FourDMockOptions = {}) {
    const now = () => this.clock;
    this.mock = createFourDMock(options, now);
    this.dispatcher = createTestDispatcher([this.mock], now);
  }

  async send(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.dispatcher.dispatch(new Request(`${REST}${path}`, init));
    if (!response) {
      throw new Error(`the mock did not answer ${init.method ?? "GET"} ${path}`);
    }
    return response;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { headers });
  }

  /** Logs in and answers the `Cookie` header value that carries the session. */
  async login(name = "admin", password = "admin", headers: Record<string, string> = {}): Promise<string> {
    const response = await this.send("/$directory/login", {
      method: "POST",
      headers: { "username-4D": name, "password-4D": password, ...headers },
    });
    const [cookie] = response.headers.getSetCookie();
    if (response.status !== 200 || cookie === undefined) {
      throw new Error(`login of ${name} failed with ${response.status}`);
    }
    return cookie.split(";")[0] ?? "";
  }

  upload(
    bytes: Uint8Array<ArrayBuffer>,
    cookie: string,
    contentType = "application/octet-stream",
    flags = "$binary=true",
  ): Promise<Response> {
    return this.send(`/$upload?${flags}`, {
      method: "POST",
      body: bytes,
      headers: { cookie, "content-type": contentType },
    });
  }

  /** Uploads and answers the ID, failing the test when the upload fails. */
  async uploadId(
    bytes: Uint8Array<ArrayBuffer>,
    cookie: string,
    contentType?: string,
    flags?: string,
  ): Promise<string> {
    const response = await this.upload(bytes, cookie, contentType, flags);
    const body = await response.json();
    if (response.status !== 200) {
      throw new Error(`upload failed: ${JSON.stringify(body)}`);
    }
    return body.ID;
  }

  update(dataClass: string, body: unknown, cookie: string, extra = ""): Promise<Response> {
    return this.send(`/${dataClass}?$method=update${extra}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { cookie, "content-type": "application/json" },
    });
  }
}
