import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHdapMock, createMswHandlers } from "bytewire/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// `bytewire/mocks/node` has no index.ts yet, so the server module is imported by its file.
import { type RunningMockServer, startMockServer } from "../../src/mocks/node/server.ts";
import { createTestDispatcher } from "../support/mock.ts";

// Seed 000 (PingDS 8.1 "Binary resources"): its curl commands run against the real HTTP mock server, changed only in
// host and port (http://127.0.0.1:<port> instead of https://localhost:8443, so no --cacert). The --data argument and
// the read output are copied from the seed; the output's `<revision>` stands for the real `_rev`.
const run = promisify(execFile);
const PHOTO =
  "/9j/4AAQSkZJRgABAQEAYABgAAD/4QAWRXhpZgAASUkqAAgAAAAAAAAAAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/2wBDAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAr/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AL+AAf/Z";
const PUT_DATA = `{"photo": "${PHOTO}"}`;
const READ_OUTPUT = [
  "{",
  '  "_id" : "dc=com/dc=example/ou=People/uid=bjensen",',
  '  "_rev" : "<revision>",',
  `  "photo" : [ "${PHOTO}" ]`,
  "}",
].join("\n");
const KVAUGHAN_USER = "dc=com/dc=example/ou=People/uid=kvaughan:bribery";

let server: RunningMockServer;
let base = "";

/** Runs curl and returns the status and the body text. */
async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run("curl", ["-sS", "-w", "\n%{http_code}", ...args]);
  const newline = stdout.lastIndexOf("\n");
  return { status: Number(stdout.slice(newline + 1)), body: stdout.slice(0, newline) };
}

beforeAll(async () => {
  const dispatcher = createTestDispatcher([createHdapMock()]);
  server = await startMockServer({ handlers: createMswHandlers(dispatcher), port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
});

describe("seed 000 over HTTP: the curl commands", () => {
  it("stores the photo with the seed's PUT and reads it back pretty-printed exactly as the seed shows", async () => {
    // Start without a photo, so that the read can only show the one the seed's PUT stored.
    const removed = await curl([
      "--request",
      "PATCH",
      "--user",
      KVAUGHAN_USER,
      "--header",
      "Content-Type: application/json",
      "--data",
      '[{"operation": "remove", "field": "/photo"}]',
      `${base}/hdap/dc=com/dc=example/ou=People/uid=bjensen?_fields=photo`,
    ]);
    expect(removed.status).toBe(200);
    expect(JSON.parse(removed.body)).not.toHaveProperty("photo");

    const put = await curl([
      "--request",
      "PUT",
      "--user",
      "dc=com/dc=example/ou=People/uid=kvaughan:bribery",
      "--header",
      "Content-Type: application/json",
      "--data",
      PUT_DATA,
      `${base}/hdap/dc=com/dc=example/ou=People/uid=bjensen`,
    ]);
    expect(put.status).toBe(200);
    const updated = JSON.parse(put.body);
    expect(updated).toMatchObject({ _id: "dc=com/dc=example/ou=People/uid=bjensen", photo: [PHOTO], uid: ["bjensen"] });

    const read = await curl([
      "--user",
      "dc=com/dc=example/ou=People/uid=kvaughan:bribery",
      `${base}/hdap/dc=com/dc=example/ou=People/uid=bjensen?_fields=photo&_prettyPrint=true`,
    ]);
    expect(read.status).toBe(200);
    expect(read.body).toBe(READ_OUTPUT.replace("<revision>", updated._rev));
  });
});

describe("seed 000 over HTTP: the JavaScript samples' flow (authenticate, then Bearer)", () => {
  async function authenticate(): Promise<string> {
    const response = await curl([
      "--request",
      "POST",
      "--header",
      "Content-Type: application/json",
      "--data",
      '{"password":"bribery"}',
      `${base}/hdap/dc=com/dc=example/ou=People/uid=kvaughan?_action=authenticate`,
    ]);
    expect(response.status).toBe(200);
    const token = JSON.parse(response.body);
    expect(token).toMatchObject({ token_type: "Bearer", expires_in: "300" });
    return token.access_token;
  }

  it("adds the photo with a bearer token (binary-add.js)", async () => {
    const jwt = await authenticate();
    const put = await curl([
      "--request",
      "PUT",
      "--header",
      "Content-Type: application/json",
      "--header",
      `Authorization: Bearer ${jwt}`,
      "--data",
      PUT_DATA,
      `${base}/hdap/dc=com/dc=example/ou=People/uid=bjensen`,
    ]);
    expect(put.status).toBe(200);
    expect(JSON.parse(put.body).photo).toEqual([PHOTO]);
  });

  it("reads the photo with a bearer token (binary-read.js)", async () => {
    const jwt = await authenticate();
    const read = await curl([
      "--header",
      `Authorization: Bearer ${jwt}`,
      `${base}/hdap/dc=com/dc=example/ou=People/uid=bjensen?_fields=photo`,
    ]);
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toEqual({
      _id: "dc=com/dc=example/ou=People/uid=bjensen",
      _rev: expect.any(String),
      photo: [PHOTO],
    });
  });

  it("refuses the write without credentials (401) and with a forged token (401)", async () => {
    for (const headers of [[], ["--header", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA"]]) {
      const put = await curl([
        "--request",
        "PUT",
        ...headers,
        "--header",
        "Content-Type: application/json",
        "--data",
        PUT_DATA,
        `${base}/hdap/dc=com/dc=example/ou=People/uid=bjensen`,
      ]);
      expect(put.status).toBe(401);
      expect(JSON.parse(put.body)).toMatchObject({ code: 401, reason: "Unauthorized" });
    }
  });
});
