export type { MockServerOptions, RunningMockServer } from "./server.ts";
export { startMockServer } from "./server.ts";
