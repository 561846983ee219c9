import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { errCodes, Harness, query } from "./harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
});

async function keys(harness: Harness, path: string, params: Record<string, string>): Promise<string[]> {
  const response = await harness.get(`${path}?${query(params)}`);
  const body = await response.json();
  if (response.status !== 200) {
    throw new Error(`${response.status} ${JSON.stringify(body)}`);
  }
  return body.__ENTITIES.map((entity: { __KEY: string }) => entity.__KEY);
}

/** The User keys a $filter selects, in record order. */
const users = (filter: string, params: Record<string, string> = {}) =>
  keys(h, "/User", { $filter: `"${filter}"`, ...params });

async function refused(params: Record<string, string>, path = "/User"): Promise<{ codes: number[]; message: string }> {
  const response = await h.get(`${path}?${query(params)}`);
  expect(response.status).toBe(400);
  const body = await response.json();
  return { codes: errCodes(body), message: body.__ERROR.at(-1).message };
}

const people = () =>
  new Harness({
    dataClasses: [
      {
        name: "Person",
        attributes: { lastName: "string", active: "boolean", score: "number" },
        entities: [
          { key: 1, values: { lastName: "O'Reilly", active: true, score: 10.5 } },
          { key: 2, values: { lastName: "Smith", active: false, score: null } },
          { key: 3, values: { lastName: "smith", active: true, score: 3 } },
          { key: 4, values: { lastName: "Jönsson", active: null, score: 20 } },
        ],
      },
    ],
  });

describe("4D mock: $filter", () => {
  it("applies every documented comparator", async () => {
    expect(await users("ID=5")).toEqual(["5"]);
    expect(await users("ID!=5")).toEqual(["1", "2", "3", "4", "6"]);
    expect(await users("ID>4")).toEqual(["5", "6"]);
    expect(await users("ID>=4")).toEqual(["4", "5", "6"]);
    expect(await users("ID<2")).toEqual(["1"]);
    expect(await users("ID<=2")).toEqual(["1", "2"]);
    expect(await users("lastName begin m")).toEqual(["5"]);
    expect(await users("lastName<'e'")).toEqual(["1"]);
  });

  it("compares query data without case or accents, but names stay case-sensitive", async () => {
    expect(await users("department='hr'")).toEqual(["5", "6"]);
    expect(await users("lastName=LEFEVRE")).toEqual(["2"]);
    expect(await users("lastName BEGIN 'MOR'")).toEqual(["5"]);
    const { codes } = await refused({ $filter: `"Department='HR'"` });
    expect(codes).toEqual([1500, 1806]);
  });

  it("reads bare and single-quoted values, with \\u0027 escapes", async () => {
    expect(await users("firstName=ada")).toEqual(["5"]);
    expect(await keys(h, "/Documents", { $filter: `"title='service contract'"` })).toEqual(["42"]);
    const person = people();
    expect(await keys(person, "/Person", { $filter: `"lastName=O'Reilly"` })).toEqual(["1"]);
    expect(await keys(person, "/Person", { $filter: `"lastName='O\\u0027Reilly'"` })).toEqual(["1"]);
  });

  it("fills :1 placeholders from $params, where \\u0027 stands for a quote", async () => {
    expect(await users("lastName=:1 AND ID>:2", { $params: `'["moreau",2]'` })).toEqual(["5"]);
    const person = people();
    const found = await keys(person, "/Person", { $filter: `"lastName=:1"`, $params: `'["O\\u0027Reilly"]'` });
    expect(found).toEqual(["1"]);
  });

  it("treats @ as a wildcard for = and != but not for ===", async () => {
    expect(await users("lastName='M@'")).toEqual(["5"]);
    expect(await users("lastName=@er")).toEqual(["4", "6"]);
    expect(await users("lastName!=@er")).toEqual(["1", "2", "3", "5"]);
    expect(await users("lastName==@ss@")).toEqual(["3"]);
    expect(await users("lastName==='M@'")).toEqual([]);
  });

  it("joins with AND, OR, EXCEPT (and & | symbols), from left to right, grouped by parentheses", async () => {
    expect(await users("department='Sales' OR department='HR'")).toEqual(["2", "4", "5", "6"]);
    expect(await users("department='HR' EXCEPT firstName=Ada")).toEqual(["6"]);
    expect(await users("department=Sales and ID>2")).toEqual(["4"]);
    expect(await users("ID=1 || ID=2")).toEqual(["1", "2"]);
    expect(await users("department=HR && ID=6")).toEqual(["6"]);
    // No precedence between conjunctions: (ID=1 OR ID=5) AND department='HR'.
    expect(await users("ID=1 OR ID=5 AND department='HR'")).toEqual(["5"]);
    expect(await users("ID=1 OR (ID=5 AND department='HR')")).toEqual(["1", "5"]);
    expect(await users("(ID<3 OR ID>5) EXCEPT (firstName=Marc)")).toEqual(["1", "6"]);
  });

  it("types values by the attribute: numbers, booleans and null", async () => {
    const person = people();
    const select = (filter: string) => keys(person, "/Person", { $filter: `"${filter}"` });
    expect(await select("active=true")).toEqual(["1", "3"]);
    expect(await select("active=FALSE")).toEqual(["2"]);
    expect(await select("active=null")).toEqual(["4"]);
    expect(await select("score>=10.5")).toEqual(["1", "4"]);
    expect(await select("score=null")).toEqual(["2"]);
    expect(await select("score!=null")).toEqual(["1", "3", "4"]);
    expect(await select("lastName='null'")).toEqual([]);
    expect(await keys(person, "/Person", { $filter: `"active=:1 AND score<:2"`, $params: "'[true,5]'" })).toEqual([
      "3",
    ]);
  });

  it("compares a picture with null only", async () => {
    expect(await users("profilePicture=null")).toEqual(["1", "2", "4", "6"]);
    expect(await users("profilePicture!=null")).toEqual(["3", "5"]);
    const { codes, message } = await refused({ $filter: `"profilePicture='x'"` });
    expect(codes).toEqual([1806]);
    expect(message).toContain("can only be compared with null");
  });

  it("answers the document's example for a $filter without its double quotes", async () => {
    const response = await h.get(`/User?${query({ $filter: "department='HR'" })}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(namedExample("fourd-error-bad-query"));
  });

  it("refuses malformed filters with 400 errCode 1806 saying where", async () => {
    const cases: [string, string][] = [
      [`"department="`, "expected a value"],
      [`"(ID=1"`, 'expected ")"'],
      [`"lastName='Moreau"`, "not closed"],
      [`"ID=1 AND"`, "expected an attribute name"],
      [`"ID 1"`, "expected a comparator"],
      [`"title=Service contract"`, "in single quotes"],
      [`"lastName='O'Reilly'"`, "\\u0027"],
      [`"ID=1)"`, 'unexpected ")"'],
      [`""`, "expected an attribute name at position 1"],
      [`":1=5"`, "placeholders for attribute names"],
      [`"a="b""`, "\\u0022"],
    ];
    for (const [filter, message] of cases) {
      const found = await refused({ $filter: filter });
      expect(found.codes, filter).toEqual([1806]);
      expect(found.message, filter).toContain(message);
    }
  });

  it("refuses unknown attributes (1500 then 1806), wrong types, and bad placeholders", async () => {
    expect((await refused({ $filter: `"employer.name=acme"` })).codes).toEqual([1500, 1806]);
    expect((await refused({ $filter: `"ID=abc"` })).message).toContain("is not a number");
    expect((await refused({ $filter: `"ID begin 1"` })).message).toContain("begin compares text");
    expect((await refused({ $filter: `"ID>null"` })).message).toContain("with = or !=");
    expect((await refused({ $filter: `"ID=:1"` })).message).toContain("no $params");
    expect((await refused({ $filter: `"ID=:2"`, $params: "'[1]'" })).message).toContain("has 1 values");
    expect((await refused({ $filter: `"ID=:1"`, $params: "'[1,'" })).message).toContain("JSON array");
    expect((await refused({ $filter: `"ID=:1"`, $params: `'[{"a":1}]'` })).message).toContain("must be a string");
    expect((await refused({ $filter: `"ID=:1"`, $params: "[1]" })).codes).toEqual([1806]);
    const person = people();
    const response = await person.get(`/Person?${query({ $filter: `"active=maybe"` })}`);
    expect(errCodes(await response.json())).toEqual([1806]);
  });

  it("accepts the parameter names percent-encoded (%24filter)", async () => {
    const response = await h.get(`/User?%24filter=${encodeURIComponent(`"department='HR'"`)}`);
    expect((await response.json()).__COUNT).toBe(2);
  });
});

describe("4D mock: $orderby", () => {
  it("sorts ascending by default and descending with desc, in any case, on several attributes", async () => {
    expect(await keys(h, "/User", { $orderby: '"lastName"' })).toEqual(["1", "6", "2", "5", "3", "4"]);
    expect(await keys(h, "/User", { $orderby: '"lastName DESC"' })).toEqual(["4", "3", "5", "2", "6", "1"]);
    expect(await keys(h, "/User", { $orderby: '"department asc, firstName desc"' })).toEqual([
      "1",
      "6",
      "5",
      "3",
      "2",
      "4",
    ]);
  });

  it("sorts text without case or accents, nulls first, ties in record order", async () => {
    const person = people();
    expect(await keys(person, "/Person", { $orderby: '"lastName"' })).toEqual(["4", "1", "2", "3"]);
    expect(await keys(person, "/Person", { $orderby: '"score asc"' })).toEqual(["2", "3", "1", "4"]);
    expect(await keys(person, "/Person", { $orderby: '"score desc"' })).toEqual(["4", "1", "3", "2"]);
  });

  it("combines with $filter and paging: __COUNT counts the filtered selection", async () => {
    const page = await (
      await h.get(`/User?${query({ $filter: `"ID>1"`, $orderby: '"ID desc"', $top: 2, $skip: 1 })}`)
    ).json();
    expect(page).toMatchObject({ __COUNT: 5, __SENT: 2, __FIRST: 1 });
    expect(page.__ENTITIES.map((entity: { __KEY: string }) => entity.__KEY)).toEqual(["5", "4"]);
  });

  it("refuses unknown attributes, pictures, malformed criteria and missing quotes", async () => {
    expect((await refused({ $orderby: '"age desc"' })).codes).toEqual([1500, 1806]);
    expect((await refused({ $orderby: '"profilePicture"' })).message).toContain("cannot sort by the picture");
    expect((await refused({ $orderby: '"lastName upward"' })).message).toContain("cannot read");
    expect((await refused({ $orderby: '"lastName,"' })).codes).toEqual([1806]);
    expect((await refused({ $orderby: "lastName" })).message).toContain("$orderby must be wrapped in double quotes");
  });
});
