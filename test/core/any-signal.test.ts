import { afterEach, describe, expect, it } from "vitest";
import { anySignal } from "../../src/core/any-signal.ts";

const nativeAny = AbortSignal.any;

afterEach(() => {
  AbortSignal.any = nativeAny;
});

describe.each([
  ["with AbortSignal.any", () => undefined],
  [
    "with the fallback (no AbortSignal.any)",
    () => {
      // Old Safari and Firefox lack it; simulate them.
      Reflect.set(AbortSignal, "any", undefined);
    },
  ],
])("anySignal %s", (_, prepare) => {
  it("aborts with the reason of whichever input aborts first", () => {
    prepare();
    const a = new AbortController();
    const b = new AbortController();
    const combined = anySignal([a.signal, undefined, b.signal]);
    expect(combined.aborted).toBe(false);
    b.abort("b first");
    a.abort("a later");
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe("b first");
  });

  it("is aborted at once when an input already is", () => {
    prepare();
    const a = new AbortController();
    a.abort("early");
    const combined = anySignal([new AbortController().signal, a.signal]);
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe("early");
  });
});

describe("anySignal", () => {
  it("returns a single input itself", () => {
    const { signal } = new AbortController();
    expect(anySignal([undefined, signal])).toBe(signal);
  });
});
