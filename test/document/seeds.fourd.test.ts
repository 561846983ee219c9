import { namedExampleBytes } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { router, validator } from "../support/document.ts";

// Seed 001 (Qodly's "$binary" page): two attribute downloads, the $binary + $filter/$orderby combination on a
// dataclass URL, and (from 4D's $upload page, which the seed's upload flow follows) $upload then $method=update.
// The seed gives requests only; the answers are 4D's documented shapes filled with the demo data.
const UPLOAD_ID = "D507BC03E613487E9B4C2F6A0512FE50";
const SEED_UPDATE_BODY = { __KEY: "5", __STAMP: 4, profilePicture: { ID: UPLOAD_ID } };
const UPDATED_USER = {
  __KEY: "5",
  __STAMP: 5,
  uri: "http://localhost:4010/rest/User(5)",
  ID: 5,
  firstName: "Ada",
  lastName: "Moreau",
  department: "HR",
  profilePicture: {
    __deferred: {
      uri: "/rest/User(5)/profilePicture?$imageformat=best&$version=5&$expand=profilePicture",
      image: true,
    },
  },
};
const STALE_STAMP_ERRORS = [
  {
    message: "Given stamp does not match current one for record# 4 of table User",
    componentSignature: "dbmg",
    errCode: 1263,
  },
  { message: 'The entity# 5 in the "User" dataclass cannot be saved', componentSignature: "dbmg", errCode: 1517 },
];

/** Splits a URL as a client sends it into what the router and the validator see. */
function request(method: string, url: string, headers: HeadersInit = {}) {
  const parsed = new URL(url, "http://localhost:4010");
  const match = router.match(method, parsed.pathname);
  if (match.kind !== "operation") {
    throw new Error(`${method} ${parsed.pathname} does not route: ${match.kind}`);
  }
  const issues = validator.validateParameters(match.entry, {
    path: match.params,
    query: parsed.searchParams,
    headers: new Headers(headers),
  });
  return { ...match, issues, query: parsed.searchParams };
}

describe("seed 001: download a BLOB or picture attribute with $binary=true&$expand", () => {
  it("routes GET /rest/User(5)/profilePicture?$binary=true&$expand=profilePicture to fourDGetAttribute", () => {
    const { entry, params, issues } = request(
      "GET",
      "/rest/User(5)/profilePicture?$binary=true&$expand=profilePicture",
    );
    expect(entry.operation.operationId).toBe("fourDGetAttribute");
    expect(params).toEqual({ dataClass: "User", key: "5", attribute: "profilePicture" });
    expect(issues).toEqual([]);
  });

  it("routes GET /rest/Documents(42)/contract?$binary=true&$expand=contract to fourDGetAttribute", () => {
    const { entry, params, issues } = request("GET", "/rest/Documents(42)/contract?$binary=true&$expand=contract");
    expect(entry.operation.operationId).toBe("fourDGetAttribute");
    expect(params).toEqual({ dataClass: "Documents", key: "42", attribute: "contract" });
    expect(issues).toEqual([]);
  });

  it("answers the picture as an image type and the BLOB as octet-stream or PDF, not as an arbitrary type", () => {
    const { entry } = request("GET", "/rest/User(5)/profilePicture?$binary=true&$expand=profilePicture");
    const jpeg = namedExampleBytes("fourd-profile-picture-jpeg");
    const pdf = namedExampleBytes("fourd-contract-pdf");
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-");
    expect(validator.validateResponse(entry, 200, "image/jpeg", jpeg)).toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/pdf", pdf)).toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/octet-stream", pdf)).toEqual([]);
    expect(validator.validateResponse(entry, 200, "text/html", "<html></html>")).not.toEqual([]);
  });

  it("answers {} for no picture, or the entity reduced to the attribute without $expand, and nothing else as JSON", () => {
    const { entry } = request("GET", "/rest/User(5)/profilePicture");
    expect(validator.validateResponse(entry, 200, "application/json", {})).toEqual([]);
    const reduced = {
      __entityModel: "User",
      __KEY: "5",
      __STAMP: 4,
      profilePicture: { __deferred: { uri: "/rest/User(5)/profilePicture?$expand=profilePicture", image: true } },
    };
    expect(validator.validateResponse(entry, 200, "application/json", reduced)).toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/json", { ok: true })).not.toEqual([]);
  });

  it("cannot make $expand conditional: $binary alone passes parameter validation, so the 400 is the server's", () => {
    const { entry, issues } = request("GET", "/rest/User(5)/profilePicture?$binary=true");
    expect(issues).toEqual([]);
    const missingExpand = {
      __ERROR: [{ message: "$expand is missing", componentSignature: "dbmg", errCode: 1805 }],
    };
    expect(validator.validateResponse(entry, 400, "application/json", missingExpand)).toEqual([]);
  });

  it("rejects parameters 4D would not understand: a non-boolean $binary, an unknown $imageformat, a bad key", () => {
    expect(request("GET", "/rest/User(5)/profilePicture?$binary=yes&$expand=profilePicture").issues).not.toEqual([]);
    expect(request("GET", "/rest/Employee(1)/photo?$imageformat=webp&$expand=photo").issues).not.toEqual([]);
    expect(request("GET", "/rest/Employee(1)/photo?$imageformat=best&$version=1&$expand=photo").issues).toEqual([]);
    expect(request("GET", "/rest/Employee(1)/photo?$imageformat=image%2Fjpeg&$expand=photo").issues).toEqual([]);
    expect(request("GET", "/rest/User(abc)/profilePicture?$binary=true&$expand=profilePicture").issues).not.toEqual([]);
  });
});

describe("seed 001: $binary combined with $filter on a dataclass URL", () => {
  // What openapi-fetch sends for query {"$filter": "\"department='HR'\"", "$binary": true, "$expand": "profilePicture"}:
  // names raw, values through encodeURIComponent.
  const filter = `"department='HR'"`;
  const url = `/rest/User?$filter=${encodeURIComponent(filter)}&$binary=true&$expand=profilePicture`;

  it("routes GET /rest/User?$filter=\"department='HR'\"&$binary=true&$expand=profilePicture to fourDListEntities", () => {
    expect(url).toBe("/rest/User?$filter=%22department%3D'HR'%22&$binary=true&$expand=profilePicture");
    const { entry, params, issues, query } = request("GET", url);
    expect(query.get("$filter")).toBe(filter);
    expect(entry.operation.operationId).toBe("fourDListEntities");
    expect(params).toEqual({ dataClass: "User" });
    expect(issues).toEqual([]);
  });

  it("accepts $orderby in double quotes with it, and the %24-encoded names a stricter client may send", () => {
    const orderBy = encodeURIComponent(`"lastName desc, firstName asc"`);
    expect(request("GET", `${url}&$orderby=${orderBy}&$top=1`).issues).toEqual([]);
    expect(request("GET", `/rest/User?%24filter=${encodeURIComponent(filter)}&%24binary=true`).issues).toEqual([]);
  });

  it("rejects a $filter or $orderby without its double quotes", () => {
    expect(request("GET", `/rest/User?$filter=${encodeURIComponent("department='HR'")}`).issues).not.toEqual([]);
    expect(request("GET", "/rest/User?$orderby=lastName").issues).not.toEqual([]);
  });

  it("accepts $params as a single-quoted JSON array with \\u0027 escapes", () => {
    const params = encodeURIComponent(`'["O\\u0027Reilly"]'`);
    const query = `$filter=${encodeURIComponent('"lastName=:1"')}&$params=${params}`;
    expect(request("GET", `/rest/User?${query}`).issues).toEqual([]);
    expect(request("GET", `/rest/User?$params=${encodeURIComponent('["john"]')}`).issues).not.toEqual([]);
  });

  it("answers either the picture's bytes or the JSON collection, which must have 4D's paging fields", () => {
    const { entry } = request("GET", url);
    expect(
      validator.validateResponse(entry, 200, "image/jpeg", namedExampleBytes("fourd-profile-picture-jpeg")),
    ).toEqual([]);
    const collection = {
      __entityModel: "User",
      __COUNT: 1,
      __SENT: 1,
      __FIRST: 0,
      __ENTITIES: [{ __KEY: "5", __STAMP: 4, ID: 5, department: "HR" }],
    };
    expect(validator.validateResponse(entry, 200, "application/json", collection)).toEqual([]);
    const { __COUNT: _, ...withoutCount } = collection;
    expect(validator.validateResponse(entry, 200, "application/json", withoutCount)).not.toEqual([]);
    const numericKey = { ...collection, __ENTITIES: [{ __KEY: 5, __STAMP: 4 }] };
    expect(validator.validateResponse(entry, 200, "application/json", numericKey)).not.toEqual([]);
  });
});

describe("seed 001: upload a file with $upload, then assign it with $method=update", () => {
  it("routes POST /rest/$upload?$rawPict=true to fourDUpload, not to the {dataClass} template", () => {
    const { entry, params, issues } = request("POST", "/rest/$upload?$rawPict=true");
    expect(entry.operation.operationId).toBe("fourDUpload");
    expect(params).toEqual({});
    expect(issues).toEqual([]);
    expect(request("POST", "/rest/$upload?$binary=true&$timeout=300").issues).toEqual([]);
  });

  it("takes the raw file as the body (an image type or octet-stream), not multipart", () => {
    const { entry } = request("POST", "/rest/$upload?$rawPict=true");
    const jpeg = namedExampleBytes("fourd-profile-picture-jpeg");
    expect(validator.validateRequestBody(entry, "image/jpeg", jpeg)).toEqual([]);
    expect(validator.validateRequestBody(entry, "application/octet-stream", jpeg)).toEqual([]);
    expect(validator.validateRequestBody(entry, "multipart/form-data; boundary=x", jpeg)).not.toEqual([]);
  });

  it("answers {ID} with 32 uppercase hex characters", () => {
    const { entry } = request("POST", "/rest/$upload?$rawPict=true");
    expect(validator.validateResponse(entry, 200, "application/json", { ID: UPLOAD_ID })).toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/json", { ID: UPLOAD_ID.toLowerCase() })).not.toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/json", { id: UPLOAD_ID })).not.toEqual([]);
  });

  it("routes POST /rest/User?$method=update to fourDUpdateEntities and requires $method", () => {
    const { entry, params, issues } = request("POST", "/rest/User?$method=update");
    expect(entry.operation.operationId).toBe("fourDUpdateEntities");
    expect(params).toEqual({ dataClass: "User" });
    expect(issues).toEqual([]);
    expect(request("POST", "/rest/User").issues).not.toEqual([]);
    expect(request("POST", "/rest/User?$method=delete").issues).not.toEqual([]);
  });

  it("validates the update body: the upload's {ID} in the picture attribute, with __KEY and __STAMP", () => {
    const { entry } = request("POST", "/rest/User?$method=update");
    expect(validator.validateRequestBody(entry, "application/json", SEED_UPDATE_BODY)).toEqual([]);
    // 4D's own PDF example sends the stamp as a string.
    const pdf = { __KEY: "42", __STAMP: "3", contract: { ID: UPLOAD_ID } };
    expect(validator.validateRequestBody(entry, "application/json", pdf)).toEqual([]);
    expect(validator.validateRequestBody(entry, "application/json", [SEED_UPDATE_BODY, { lastName: "Jones" }])).toEqual(
      [],
    );
  });

  it("rejects __KEY without __STAMP, a non-numeric stamp and an empty array", () => {
    const { entry } = request("POST", "/rest/User?$method=update");
    const { __STAMP: _, ...withoutStamp } = SEED_UPDATE_BODY;
    expect(validator.validateRequestBody(entry, "application/json", withoutStamp)).not.toEqual([]);
    expect(
      validator.validateRequestBody(entry, "application/json", { ...SEED_UPDATE_BODY, __STAMP: "four" }),
    ).not.toEqual([]);
    expect(validator.validateRequestBody(entry, "application/json", [])).not.toEqual([]);
  });

  it("validates the answer: the entity with its stamp incremented, or __ENTITIES with inline __ERROR at status 200", () => {
    const { entry } = request("POST", "/rest/User?$method=update");
    expect(validator.validateResponse(entry, 200, "application/json", UPDATED_USER)).toEqual([]);
    const several = {
      __ENTITIES: [
        UPDATED_USER,
        {
          __KEY: "6",
          __STAMP: 1,
          __STATUS: { status: 2, statusText: "Stamp has changed", success: false },
          __ERROR: STALE_STAMP_ERRORS,
        },
        { __ERROR: [{ message: "Value cannot be greater than 60000", componentSignature: "dbmg", errCode: 1569 }] },
      ],
    };
    expect(validator.validateResponse(entry, 200, "application/json", several)).toEqual([]);
  });

  it("would catch a wrong answer: a saved entity without a stamp, an error item without errCode", () => {
    const { entry } = request("POST", "/rest/User?$method=update");
    const { __STAMP: _, ...withoutStamp } = UPDATED_USER;
    expect(validator.validateResponse(entry, 200, "application/json", withoutStamp)).not.toEqual([]);
    const badError = { __ENTITIES: [{ __ERROR: [{ message: "no code", componentSignature: "dbmg" }] }] };
    expect(validator.validateResponse(entry, 200, "application/json", badError)).not.toEqual([]);
  });

  it("needs a session for both steps: 401 answers carry 4D's __ERROR body", () => {
    const update = request("POST", "/rest/User?$method=update").entry;
    const upload = request("POST", "/rest/$upload?$rawPict=true").entry;
    expect(update.operation.security).toEqual([{ fourDSession: [] }]);
    expect(upload.operation.security).toEqual([{ fourDSession: [] }]);
    const noSession = {
      __ERROR: [{ message: "No permission to update for dataClass User", componentSignature: "dbmg", errCode: 1558 }],
    };
    expect(validator.validateResponse(update, 401, "application/json", noSession)).toEqual([]);
    expect(validator.validateResponse(upload, 401, "application/json", noSession)).toEqual([]);
    expect(validator.validateResponse(upload, 401, "application/json", { error: "unauthorized" })).not.toEqual([]);
  });
});

describe("4D paths with parentheses and $-prefixed literals", () => {
  it("routes GET /rest/User(5) to fourDGetEntity, not to the {dataClass} template", () => {
    const { entry, params, issues } = request("GET", "/rest/User(5)");
    expect(entry.operation.operationId).toBe("fourDGetEntity");
    expect(params).toEqual({ dataClass: "User", key: "5" });
    expect(issues).toEqual([]);
  });

  it('routes a string key in double quotes, Company("IT0911AB2200"), percent-encoded as openapi-fetch sends it', () => {
    const { entry, params, issues } = request("GET", `/rest/Company(${encodeURIComponent('"IT0911AB2200"')})`);
    expect(entry.operation.operationId).toBe("fourDGetEntity");
    expect(params).toEqual({ dataClass: "Company", key: '"IT0911AB2200"' });
    expect(issues).toEqual([]);
  });

  it("routes $directory/login with its headers and rejects a session shorter than 60 minutes", () => {
    const headers = { "username-4D": "admin", "password-4D": "admin", "session-4D-length": "120" };
    const login = request("POST", "/rest/$directory/login", headers);
    expect(login.entry.operation.operationId).toBe("fourDLogin");
    expect(login.issues).toEqual([]);
    expect(request("POST", "/rest/$directory/login", { "session-4D-length": "30" }).issues).not.toEqual([]);
    expect(validator.validateResponse(login.entry, 200, "application/json", { result: true })).toEqual([]);
    expect(validator.validateResponse(login.entry, 200, "application/json", { result: "true" })).not.toEqual([]);
    expect(request("GET", "/rest/$directory/logout").entry.operation.operationId).toBe("fourDLogout");
  });

  it("does not serve GET on $upload (the literal path wins over {dataClass} and allows POST only)", () => {
    expect(router.match("GET", "/rest/$upload")).toMatchObject({ kind: "method-not-allowed", allowed: ["post"] });
  });
});
