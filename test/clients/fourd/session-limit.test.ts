import { createFourDMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { caught, testClient } from "./harness.ts";

// One session only, as on a 4D single-user licence that is already in use.
useMockedApis(() => [createFourDMock({ maxSessions: 1 })]);

describe("4D without a free session", () => {
  it("answers 402 No session to the next login: kind unavailable, and no retry of the login", async () => {
    const first = testClient();
    await first.client.login();
    const second = testClient({ maxRetries: 2 });
    const error = await caught(() => second.client.get({ dataClass: "User", key: 5 }));
    expect(error).toMatchObject({ name: "ApiError", status: 402, kind: "unavailable", api: "fourd" });
    expect(second.sent.map((request) => new URL(request.url).pathname)).toEqual(["/rest/$directory/login"]);
    // Once the first session is closed, its licence is free again.
    expect(await first.client.logout()).toBe(true);
    expect(await second.client.get({ dataClass: "User", key: 5 })).toMatchObject({ __KEY: "5" });
  });
});
