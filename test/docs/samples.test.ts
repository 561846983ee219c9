import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createMockBackend, type MockBackend, namedExampleBytes } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProgram } from "../support/in-process-program.ts";
import { recordResponseCheck } from "../support/response-checks.ts";
import { DOCS_URL, type Kind, kindOf, type Operation, operations } from "./code-samples.ts";

// Every `x-codeSamples` entry of the bundled document runs against a real HTTP mock server: the TypeScript samples in
// this process, one at a time, as tsx would run them (see runProgram), the curl samples with bash. Each sample runs
// alone, in its own folder, against freshly reset demo data, and must finish without an error and print nothing to
// stderr; then what it printed, the files it wrote and the state it left on the server are checked.
// test/types/typecheck.test.ts type-checks the TypeScript samples.

const root = resolve(import.meta.dirname, "../..");
/** Servers for samples running side by side (the curl samples; TypeScript samples run one at a time). */
const CONCURRENCY = 3;
const API_MODULES: Record<string, string> = {
  "PingDS HDAP": "bytewire/hdap",
  "4D REST": "bytewire/fourd",
  "Cumulocity binaries": "bytewire/cumulocity",
  "PingOne images": "bytewire/pingone",
};

/** What a sample run left behind: its output, the folder it ran in, and the server it talked to. */
interface Run {
  kind: Kind;
  stdout: string;
  url: string;
  cwd: string;
}

const GIF_BASE64 = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const PINGONE_IMAGES = "/v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/images";
const C8Y_AUTH = { authorization: `Basic ${btoa("t100/admin:admin")}` };
const HDAP_AUTH = { authorization: `Basic ${btoa("dc=com/dc=example/ou=People/uid=kvaughan:bribery")}` };
const P1_AUTH = { authorization: "Bearer demo-token" };
const BJENSEN = "/hdap/dc=com/dc=example/ou=People/uid=bjensen";

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

async function getBytes(url: string, headers: Record<string, string> = {}): Promise<[Response, Uint8Array]> {
  const response = await fetch(url, { headers });
  return [response, new Uint8Array(await response.arrayBuffer())];
}

const fileBytes = async (run: Run, name: string) => new Uint8Array(await readFile(join(run.cwd, name)));

/** Uses an upload ID the way the docs say: assigns it to Documents(43)'s `contract` after logging in. */
async function assignUpload(url: string, id: string): Promise<unknown> {
  const login = await fetch(`${url}/rest/$directory/login`, {
    method: "POST",
    headers: { "username-4D": "admin", "password-4D": "admin" },
  });
  const cookie = login.headers.getSetCookie().map((line) => line.split(";")[0]);
  const entity = await fetch(`${url}/rest/Documents(43)`, { headers: { cookie: cookie.join("; ") } });
  const { __STAMP } = (await entity.json()) as { __STAMP: number };
  const saved = await fetch(`${url}/rest/Documents?$method=update`, {
    method: "POST",
    headers: { cookie: cookie.join("; "), "content-type": "application/json" },
    body: JSON.stringify({ __KEY: "43", __STAMP, contract: { ID: id } }),
  });
  return saved.json();
}

/** Per operation: what each sample must print, and what must hold afterwards (files, server state). */
const EXPECTED: Record<string, { TypeScript: RegExp[]; curl: RegExp[]; after?: (run: Run) => Promise<void> }> = {
  hdapReadOrQuery: {
    TypeScript: [/uid=bjensen \[ 'Barbara Jensen', 'Babs Jensen' \] photo: 309 bytes/, /^dc=com.*uid=kvaughan$/m],
    curl: [/"cn" : \[ "Barbara Jensen", "Babs Jensen" \],\s+"photo" : \[ "\/9j\//, /"resultCount" : 2/],
  },
  hdapUpdateOrCreate: {
    TypeScript: [/^[\w-]{36} \[ '\+1 408 555 1212' \]$/m],
    curl: [/"photo":\["R0lGOD/],
    after: async ({ url }) => {
      const { body } = await getJson(`${url}${BJENSEN}?_fields=photo,telephoneNumber`);
      expect(body).toMatchObject({ photo: [GIF_BASE64], telephoneNumber: ["+1 408 555 1212"] });
    },
  },
  hdapCreateOrAction: {
    TypeScript: [/^dc=com\/dc=example\/ou=People\/uid=newuser [\w-]{36}$/m],
    curl: [/"access_token":"ey/, /"_id":"dc=com\/dc=example\/ou=People\/uid=newuser"/],
    after: async ({ url }) => {
      const { status, body } = await getJson(`${url}/hdap/dc=com/dc=example/ou=People/uid=newuser`, HDAP_AUTH);
      expect(status).toBe(200);
      expect(body).toMatchObject({ cn: ["New User"], sn: ["User"] });
    },
  },
  hdapPatchEntry: {
    TypeScript: [/\[ '\+1 408 555 1862', '\+1 408 555 9999' \] no photo/],
    curl: [/"telephoneNumber":\["\+1 408 555 1862","\+1 408 555 9999"\]\}/],
    after: async ({ url }) => {
      const { body } = await getJson(`${url}${BJENSEN}?_fields=photo,telephoneNumber`);
      expect(body).not.toHaveProperty("photo");
      expect(body).toMatchObject({ telephoneNumber: ["+1 408 555 1862", "+1 408 555 9999"] });
    },
  },
  hdapDeleteEntry: {
    TypeScript: [/^deleted dc=com\/dc=example\/ou=People\/uid=bjensen$/m],
    curl: [/"_id":"dc=com\/dc=example\/ou=People\/uid=bjensen"/],
    after: async ({ url }) => {
      expect((await getJson(`${url}${BJENSEN}`)).status).toBe(404);
    },
  },
  fourDListEntities: {
    TypeScript: [/^2 users in HR: \[ '5', '6' \]$/m, /^image\/jpeg 303 bytes$/m],
    curl: [/"__COUNT":2,/, /200 image\/jpeg$/m],
    after: async (run) => {
      if (run.kind === "curl") {
        expect(await fileBytes(run, "picture.jpg")).toEqual(namedExampleBytes("fourd-profile-picture-jpeg"));
      }
    },
  },
  fourDUpdateEntities: {
    TypeScript: [/^User\(6\) saved with stamp 2$/m],
    curl: [/"__KEY":"6","__STAMP":2,/],
    after: async ({ url }) => {
      const [response, bytes] = await getBytes(
        `${url}/rest/User(6)/profilePicture?$binary=true&$expand=profilePicture`,
      );
      expect(response.headers.get("content-type")).toBe("image/gif");
      expect(btoa(String.fromCharCode(...bytes))).toBe(GIF_BASE64);
    },
  },
  fourDGetEntity: {
    TypeScript: [/^5 4 Ada \{\s+__deferred: \{/m],
    curl: [/"__KEY":"5",.*"firstName":"Ada"/],
  },
  fourDGetAttribute: {
    TypeScript: [/^saved 303 bytes of image\/jpeg to profile.jpg$/m],
    curl: [/^200 image\/jpeg 303 bytes$/m, /^200 image\/png 338 bytes$/m],
    after: async (run) => {
      expect(await fileBytes(run, "profile.jpg")).toEqual(namedExampleBytes("fourd-profile-picture-jpeg"));
    },
  },
  fourDUpload: {
    TypeScript: [/^uploaded: [0-9A-F]{32}$/m],
    curl: [/\{"ID":"[0-9A-F]{32}"\}/],
    after: async ({ url, stdout }) => {
      const id = /[0-9A-F]{32}/.exec(stdout)?.[0] ?? "";
      expect(await assignUpload(url, id)).toMatchObject({ __KEY: "43", __STAMP: 2 });
      const [, bytes] = await getBytes(`${url}/rest/Documents(43)/contract?$binary=true&$expand=contract`);
      expect(new TextDecoder().decode(bytes)).toBe("%PDF-1.4\n% a contract\n%%EOF\n");
    },
  },
  fourDLogin: {
    TypeScript: [/^logged in; 2 documents$/m],
    curl: [/^\{"result":true\}$/],
    after: async (run) => {
      if (run.kind === "curl") {
        expect(await readFile(join(run.cwd, "cookies.txt"), "utf8")).toMatch(/\t4DSID_App\t[0-9A-F]{32}$/m);
      }
    },
  },
  fourDLogout: {
    TypeScript: [/^logged out: true$/m],
    curl: [/^\{"result":true\}\{"result":true\}$/],
  },
  cumulocityListBinaries: {
    TypeScript: [/^page 1 of 1$/m, /^1 my_picture\.png 176 image\/png$/m],
    curl: [/"name":"my_picture\.png".*"name":"my_compressed_file\.zip"/, /"totalPages":1/],
  },
  cumulocityUploadBinary: {
    TypeScript: [/^3 report\.txt 18 http:\/\/127\.0\.0\.1:\d+\/inventory\/binaries\/3$/m],
    curl: [/"id":"3",.*"name":"report\.txt",.*"length":18,.*"c8y_Kind":\{"purpose":"report"\}/],
    after: async ({ url }) => {
      const [, bytes] = await getBytes(`${url}/inventory/binaries/3`, C8Y_AUTH);
      expect(new TextDecoder().decode(bytes)).toBe("Quarterly figures\n");
    },
  },
  cumulocityDownloadBinary: {
    TypeScript: [/^saved 176 bytes of image\/png to my_picture\.png$/m, /^206 Uint8Array\(8\)/m],
    curl: [/^206 8 bytes$/m],
    after: async (run) => {
      const png = namedExampleBytes("cumulocity-my-picture-png");
      expect(await fileBytes(run, "my_picture.png")).toEqual(png);
      if (run.kind === "curl") {
        expect(await fileBytes(run, "head.bin")).toEqual(png.slice(0, 8));
      }
    },
  },
  cumulocityReplaceBinary: {
    TypeScript: [/^1 my_picture\.png 70 image\/png \d{4}-/m],
    curl: [/"id":"1",.*"name":"my_picture\.png",.*"contentType":"image\/png","length":70,/],
    after: async ({ url }) => {
      const [, bytes] = await getBytes(`${url}/inventory/binaries/1`, C8Y_AUTH);
      expect(btoa(String.fromCharCode(...bytes))).toBe(PNG_BASE64);
    },
  },
  cumulocityDeleteBinary: {
    TypeScript: [/^deleted binary 2$/m],
    curl: [/^204$/m],
    after: async ({ url }) => {
      expect((await getJson(`${url}/inventory/binaries/2`, C8Y_AUTH)).status).toBe(404);
    },
  },
  pingOneCreateImage: {
    TypeScript: [/^[\w-]{36} https:\/\/\S+_original\.png 1 x 1$/m],
    curl: [/"id":"[\w-]{36}",/, /"width":1,"height":1/],
    after: async ({ url, stdout }) => {
      const id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(
        stdout.replaceAll(/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/g, ""),
      )?.[0];
      const { status, body } = await getJson(`${url}${PINGONE_IMAGES}/${id}`, P1_AUTH);
      expect(status).toBe(200);
      expect(body).toMatchObject({ targets: { original: { type: "png", width: 1, height: 1 } } });
    },
  },
  pingOneReadImage: {
    TypeScript: [/^99b4c866-041f-4c04-b495-be764f14927f https:\/\/\S+ png 80 x 40$/m],
    curl: [/"id":"99b4c866-041f-4c04-b495-be764f14927f"/],
  },
  pingOneDeleteImage: {
    TypeScript: [/^deleted image 7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f01$/m],
    curl: [/^204$/m],
    after: async ({ url }) => {
      const { status } = await getJson(`${url}${PINGONE_IMAGES}/7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f01`, P1_AUTH);
      expect(status).toBe(404);
    },
  },
};

/** One mock server with its own backend; a sample borrows a free one and resets its demo data first. */
interface Slot {
  server: RunningMockServer;
  backend: MockBackend;
  errors: string[];
}

const slots: Slot[] = [];
const waiting: ((slot: Slot) => void)[] = [];
let free: Slot[] = [];
let workDir = "";
const executed: string[] = [];

async function withSlot<T>(task: (slot: Slot) => Promise<T>): Promise<T> {
  const slot = free.pop() ?? (await new Promise<Slot>((resolveSlot) => waiting.push(resolveSlot)));
  try {
    slot.backend.reset();
    slot.errors.length = 0;
    return await task(slot);
  } finally {
    const next = waiting.shift();
    if (next) {
      next(slot);
    } else {
      free.push(slot);
    }
  }
}

interface Outcome {
  code: number | string;
  stdout: string;
  stderr: string;
}

async function runShell(source: string, cwd: string): Promise<Outcome> {
  const file = join(cwd, "sample.sh");
  await writeFile(file, source);
  return new Promise((resolveRun) => {
    const options = { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 };
    execFile("bash", ["-e", "-o", "pipefail", file], options, (error, stdout, stderr) => {
      resolveRun({ code: error ? (error.code ?? error.signal ?? "failed") : 0, stdout, stderr });
    });
  });
}

/** Runs a TypeScript sample as its own program would; what it throws becomes its stderr and a failed exit. */
async function runTypeScript(source: string, cwd: string): Promise<Outcome> {
  const { stdout, stderr, error } = await runProgram(source, cwd);
  if (error === undefined) {
    return { code: 0, stdout, stderr };
  }
  return {
    code: "threw",
    stdout,
    stderr: `${stderr}${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  };
}

function sampleFile(operation: Operation, kind: Kind): string {
  return join(workDir, `${operation.operationId}-${kind === "TypeScript" ? "ts" : "curl"}`);
}

beforeAll(async () => {
  await mkdir(join(root, "test-results", "samples"), { recursive: true });
  workDir = await mkdtemp(join(root, "test-results", "samples", "run-"));
  for (let index = 0; index < CONCURRENCY; index++) {
    const errors: string[] = [];
    const backend = createMockBackend({
      validateResponses: "throw",
      onResponseChecked: recordResponseCheck,
      onError: (error, operationId) => errors.push(`${operationId}: ${error instanceof Error ? error.message : error}`),
    });
    const server = await startMockServer({ handlers: backend.handlers, port: 0 });
    slots.push({ server, backend, errors });
  }
  free = [...slots];
});

afterAll(async () => {
  await Promise.all(slots.map((slot) => slot.server.close()));
  if (workDir) {
    await rm(workDir, { recursive: true, force: true });
  }
});

describe("the document's code samples", () => {
  it("every operation has exactly one TypeScript (bytewire) and one curl sample, aimed at the mock server", () => {
    expect(operations.length).toBe(20);
    for (const operation of operations) {
      const kinds = operation.samples.map(kindOf);
      expect(kinds.toSorted(), operation.operationId).toEqual(["TypeScript", "curl"]);
      expect(Object.keys(EXPECTED), "expectations for every operation").toContain(operation.operationId);
      for (const sample of operation.samples) {
        expect(sample.source, `${operation.operationId} ${sample.lang}`).toContain(DOCS_URL);
        expect(sample.source).not.toMatch(/\$URL|\$\{?BASE/);
      }
      const typescript = operation.samples.find((sample) => kindOf(sample) === "TypeScript")?.source ?? "";
      const imports = [...typescript.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
      expect(imports, operation.operationId).toEqual([API_MODULES[operation.tag]]);
    }
  });
});

describe.concurrent("each code sample runs against the mock server", () => {
  for (const operation of operations) {
    for (const sample of operation.samples) {
      const kind = kindOf(sample);
      if (!kind) {
        continue;
      }
      it(`${operation.operationId} (${operation.method.toUpperCase()} ${operation.path}): ${kind}`, {
        timeout: 180_000,
      }, async () => {
        await withSlot(async ({ server, errors }) => {
          const cwd = sampleFile(operation, kind);
          await mkdir(cwd, { recursive: true });
          const source = sample.source.replaceAll(DOCS_URL, server.url);
          const outcome = kind === "TypeScript" ? await runTypeScript(source, cwd) : await runShell(source, cwd);
          const context = `${operation.operationId} ${kind}:\n${outcome.stdout}\n${outcome.stderr}`;
          expect(outcome.code, context).toBe(0);
          expect(outcome.stderr, context).toBe("");
          const expected = EXPECTED[operation.operationId];
          for (const pattern of expected?.[kind] ?? []) {
            expect(outcome.stdout, context).toMatch(pattern);
          }
          await expected?.after?.({ kind, stdout: outcome.stdout, url: server.url, cwd });
          expect(errors, "errors inside the mock").toEqual([]);
          executed.push(`${operation.operationId} ${kind}`);
        });
      });
    }
  }
});

describe("all samples ran", () => {
  it("executed two samples per operation", () => {
    expect(executed.length).toBe(operations.length * 2);
    expect(new Set(executed).size).toBe(executed.length);
  });
});
