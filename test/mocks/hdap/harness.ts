import {
  type ApiMock,
  createHdapMock,
  type HdapMockOptions,
  type HdapPrincipal,
  type MockDispatcher,
} from "bytewire/mocks";
import { createTestDispatcher } from "../../support/mock.ts";

export const ORIGIN = "http://localhost:4010";
export const PEOPLE = "dc=com/dc=example/ou=People";
export const BJENSEN = `${PEOPLE}/uid=bjensen`;
export const KVAUGHAN = `${PEOPLE}/uid=kvaughan`;
export const ADMIN = "uid=admin";
/** The seed's 1 x 1 JPEG, as base64. */
export const PHOTO =
  "/9j/4AAQSkZJRgABAQEAYABgAAD/4QAWRXhpZgAASUkqAAgAAAAAAAAAAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/2wBDAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAr/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AL+AAf/Z";

/** `Authorization: Basic` for an `_id` and password, as `curl --user` sends it. */
export function basic(id: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${id}:${password}`).toString("base64")}` };
}

export const AS_KVAUGHAN = basic(KVAUGHAN, "bribery");
export const AS_BJENSEN = basic(BJENSEN, "hifalutin");
export const AS_ADMIN = basic(ADMIN, "password");

/** One HDAP mock behind a dispatcher that checks every answer against the document, with a clock the test moves. */
export class HdapHarness {
  now = Date.parse("2026-11-22T10:00:00Z");
  readonly mock: ApiMock<HdapPrincipal>;
  readonly dispatcher: MockDispatcher;

  constructor(options: HdapMockOptions = {}) {
    const clock = () => this.now;
    this.mock = createHdapMock(options, clock);
    this.dispatcher = createTestDispatcher([this.mock], clock);
  }

  /** Sends a request to `/hdap/<path>` (the path as it goes on the wire). */
  async send(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.dispatcher.dispatch(new Request(`${ORIGIN}/hdap/${path}`, init));
    if (!response) {
      throw new Error(`the mock did not answer ${path}`);
    }
    return response;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { headers });
  }

  /** A request with a JSON body. */
  json(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, {
      method,
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
    });
  }

  /** Reads an entry as kvaughan and returns its JSON. */
  async read(path: string): Promise<Record<string, unknown>> {
    const response = await this.get(path, AS_KVAUGHAN);
    if (response.status !== 200) {
      throw new Error(`reading ${path} answered ${response.status}`);
    }
    return (await response.json()) as Record<string, unknown>;
  }

  /** Authenticates an account and returns its bearer token. */
  async token(id: string, password: string): Promise<string> {
    const response = await this.json("POST", `${id}?_action=authenticate`, { password });
    if (response.status !== 200) {
      throw new Error(`authenticate answered ${response.status}`);
    }
    return ((await response.json()) as { access_token: string }).access_token;
  }
}

/** Asserts the HdapError shape and returns the body. */
export async function errorBody(
  response: Response,
): Promise<{ code: number; reason: string; message: string; detail?: unknown }> {
  const body = (await response.json()) as { code: number; reason: string; message: string; detail?: unknown };
  if (body.code !== response.status || typeof body.reason !== "string" || typeof body.message !== "string") {
    throw new Error(`not an HdapError for ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}
