import { playwright } from "@vitest/browser-playwright";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { BaseSequencer, type BrowserCommand, type TestSpecification } from "vitest/node";
import { chromiumArgs, findChromium, NO_CHROMIUM_MESSAGE } from "./test/support/chromium.ts";

// Tests import the package by its public name; this export condition points those imports at src/ instead of dist/.
const SOURCE_CONDITION = "bytewire-source";

const chromium = findChromium();
if (!chromium) {
  throw new Error(NO_CHROMIUM_MESSAGE);
}

// Files that start MSW's service worker. The worker claims every page of the origin and stays registered, and a page it
// controls sees no real network (no upload progress, no real server), so the browser files run one at a time in one
// tab, these last (test/support/browser-setup-file.ts fails any other file that a worker controls). One browser
// project rather than one for these files apart: each costs a Vite server, a Chromium and a mock server, ~9 CPU-s.
const SERVICE_WORKER_TESTS = ["test/browser/mock-worker.browser.test.ts", "test/docs/readme.browser.test.ts"];

// Node test files share their worker's modules (no isolation): loading the SDK, the mock and MSW once per worker
// instead of once per file is most of the suite's time. Every file cleans up what it starts (servers, MSW, stubbed
// globals, fake timers). Two kinds of files run in fresh workers of their own: those that measure their process's
// memory (what other files left on the heap would move their numbers), and those that replace a module with vi.mock
// (a shared module graph keeps the real module once another file has loaded it).
const ISOLATED_TESTS = ["test/**/*-memory.test.ts", "test/binary/file-blob-runtimes.test.ts"];

// The files that take longest, longest first. On 2 cores a run is as long as its last file: one of these started late
// is a tail of tens of seconds with one core idle. Vitest orders files by the durations of the last run, and without
// them (a fresh clone) by file size, and queues one project after another, so the isolated project's files would
// come last. The type-check goes second: it is under a CPU-s when no file changed, 20 without tsc's incremental data (a
// fresh clone, a change to a widely imported type), and it was the tail. Only the order is at stake: a file missing here still runs.
const LONG_FILES = [
  "test/package/built-package.test.ts",
  "test/types/typecheck.test.ts",
  "test/e2e/fuzz.test.ts",
  "test/docs/docs-page.test.ts",
  "test/e2e/robustness.test.ts",
  "test/document/check-generated.test.ts",
  "test/docs/readme.test.ts",
];

/**
 * {@link LONG_FILES} first, the isolated project's files right after the longest one, then the rest as vitest orders
 * them, and the browser files that start MSW's worker last. The isolated files queued among shared-worker files would
 * each end the shared worker that finished before them, and the next file would load its modules again in a new one.
 */
class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      if (spec.project.config.isolate && spec.project.config.browser.enabled !== true) {
        return 0.5;
      }
      if (SERVICE_WORKER_TESTS.some((file) => spec.moduleId.endsWith(`/${file}`))) {
        return LONG_FILES.length + 1;
      }
      const index = LONG_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return index === -1 ? LONG_FILES.length : index;
    };
    // Array.prototype.sort is stable: within a rank, vitest's own order stays.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

function nodeProject(
  name: string,
  files: { include: string[]; exclude?: string[] },
  options: { isolate: boolean },
): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name,
      environment: "node",
      include: files.include,
      exclude: ["test/**/*.browser.test.ts", ...(files.exclude ?? [])],
      isolate: options.isolate,
      globalSetup: ["test/support/global-setup.ts"],
      setupFiles: ["test/support/setup-file.ts"],
    },
  };
}

/** A browser command for test/support/browser-setup-file.ts: the page cannot remove HttpOnly cookies itself. */
const clearCookies: BrowserCommand<[]> = async ({ context }) => {
  await context.clearCookies();
};

/** The test files that run in Chromium, served by a Vite server of their own. */
const browserProject: TestProjectInlineConfiguration = {
  extends: true,
  publicDir: "test/browser/public",
  // The Node side of a browser project (its globalSetup, which starts the mock server) runs in vitest's own
  // environment, which otherwise resolves with the page's conditions: `#platform` would pick the built dist/ file,
  // absent on a fresh clone.
  environments: { __vitest__: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } } },
  test: {
    name: "browser",
    include: ["test/**/*.browser.test.ts"],
    globalSetup: ["test/support/browser-global-setup.ts"],
    setupFiles: ["test/support/browser-setup-file.ts"],
    provide: { serviceWorkerTests: SERVICE_WORKER_TESTS },
    browser: {
      enabled: true,
      fileParallelism: false,
      // One page for all the files, as the node project shares its workers: loading vitest's runtime and the SDK's
      // modules again for each file was a fifth of the project's CPU. Each file cleans up what it starts.
      isolate: false,
      commands: { clearCookies },
      headless: true,
      screenshotFailures: false,
      instances: [{ browser: "chromium" }],
      provider: playwright({
        launchOptions: { ...(chromium ? { executablePath: chromium } : {}), args: chromiumArgs },
      }),
    },
  },
};

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    // Vitest's default is one worker less than the CPU count: on a 2-core machine one file at a time, the browser
    // project included. Most long files wait on child processes (tsc, Redocly, Chromium, curl), so two workers keep
    // both cores busy without oversubscribing them.
    maxWorkers: 3,
    sequence: { sequencer: LongFilesFirst },
    // Vitest's 5 s default makes every test a race against the machine: this one has 2 cores shared with other
    // engineers' runs, and a suite runs Chromium, tsc and two workers at once. A hung test still fails, later.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      nodeProject("node", { include: ["test/**/*.test.ts"], exclude: ISOLATED_TESTS }, { isolate: false }),
      nodeProject("node-isolated", { include: ISOLATED_TESTS }, { isolate: true }),
      browserProject,
    ],
  },
});
