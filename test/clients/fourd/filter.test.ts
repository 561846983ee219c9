import { fourDFilter, InvalidInputError, quoteFourDValue } from "bytewire/fourd";
import { createFourDMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { collect, guestClient } from "./harness.ts";

useMockedApis(() => [
  createFourDMock({
    dataClasses: [
      {
        name: "Person",
        attributes: { name: "string", age: "number", active: "boolean", photo: "picture" },
        entities: [
          { key: 1, values: { name: "O'Brien", age: 41, active: true } },
          { key: 2, values: { name: 'Say "hi"', age: 29, active: false } },
          { key: 3, values: { name: "back\\slash", age: 35, active: true } },
          { key: 4, values: { name: "Obama", age: 63, active: true } },
        ],
      },
    ],
  }),
]);

describe("fourDFilter", () => {
  it("quotes strings, escapes quotes and backslashes as \\u00XX, and leaves numbers and booleans bare", () => {
    expect(fourDFilter`name = ${"O'Brien"} AND age > ${40} AND active = ${true}`).toBe(
      "name = 'O\\u0027Brien' AND age > 40 AND active = true",
    );
    expect(quoteFourDValue('Say "hi"')).toBe("'Say \\u0022hi\\u0022'");
    expect(quoteFourDValue("back\\slash")).toBe("'back\\u005Cslash'");
    expect(quoteFourDValue(null)).toBe("null");
    expect(quoteFourDValue(new Date("2024-05-20T09:30:12.482Z"))).toBe("'2024-05-20T09:30:12.482Z'");
    expect(fourDFilter`age >= 18`).toBe("age >= 18");
  });

  it("refuses values it cannot write", () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, new Date("nope"), {} as never, undefined as never]) {
      expect(() => quoteFourDValue(value)).toThrow(InvalidInputError);
    }
  });

  it("finds exactly the entity a hostile value names, on the mock's parser", async () => {
    const { client, sent } = guestClient();
    for (const [name, key] of [
      ["O'Brien", "1"],
      ['Say "hi"', "2"],
      ["back\\slash", "3"],
    ] as const) {
      const found = await collect(client.list("Person", { filter: fourDFilter`name = ${name}` }));
      expect(found.map((entity) => entity.__KEY)).toEqual([key]);
    }
    // An injection attempt stays one value: no entity is named that.
    const injected = await collect(client.list("Person", { filter: fourDFilter`name = ${"x' OR age > '0"}` }));
    expect(injected).toEqual([]);
    expect(new URL(sent.at(-1)?.url ?? "").searchParams.get("$filter")).toBe(`"name = 'x\\u0027 OR age > \\u00270'"`);
  });

  it("combines criteria with AND/OR and sorts with orderBy", async () => {
    const { client, sent } = guestClient();
    const sorted = await collect(
      client.list("Person", {
        filter: fourDFilter`active = ${true} AND age > ${36}`,
        orderBy: "age desc",
        attributes: ["name", "age"],
      }),
    );
    expect(sorted.map((entity) => entity["name"])).toEqual(["Obama", "O'Brien"]);
    expect(new URL(sent[0]?.url ?? "").searchParams.get("$attributes")).toBe("name,age");
    const either = await collect(client.list("Person", { filter: fourDFilter`age < ${30} OR name = ${"Obama"}` }));
    expect(either.map((entity) => entity.__KEY).sort()).toEqual(["2", "4"]);
    const [paged] = await collect(client.list("Person", { orderBy: "age asc", pageSize: 2, skip: 1 }).pages());
    expect(paged?.__ENTITIES.map((entity) => entity["age"])).toEqual([35, 41]);
    expect(paged?.__COUNT).toBe(4);
    expect(
      (await collect(client.list("Person", { orderBy: "age asc", pageSize: 2, skip: 1 }))).map(
        (entity) => entity["age"],
      ),
    ).toEqual([35, 41, 63]);
  });
});
