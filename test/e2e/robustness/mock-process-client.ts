import { type ChildProcess, fork } from "node:child_process";

/** The mock server running in a child process, with its URL and questions for it. */
export interface MockProcess {
  url: string;
  port: number;
  /** The server's resident memory in bytes, measured after forced garbage collections. */
  rss(): Promise<number>;
  /** How many connections the server holds open. */
  connections(): Promise<number>;
  /** Errors the mock's operations threw (responses off the document included). */
  errors(): Promise<string[]>;
  stop(): void;
}

/** Starts `mock-process.ts` with `--expose-gc` and waits for its URL. */
export async function startMockProcess(): Promise<MockProcess> {
  const child: ChildProcess = fork(new URL("./mock-process.ts", import.meta.url).pathname, [], {
    execArgv: ["--expose-gc", "--import", "tsx", "--conditions=bytewire-source"],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`the mock process printed no URL in 60 s: ${output}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const found = /^(http:\/\/\S+)$/m.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once("exit", (code) => reject(new Error(`the mock process exited with ${code}: ${output}`)));
  });
  let next = 0;
  const ask = <T>(question: "memory" | "connections" | "errors") =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => reject(new Error(`the mock process did not answer "${question}"`)), 30_000);
      const listen = (message: { id: number; answer: T }) => {
        if (message.id === id) {
          clearTimeout(timer);
          child.off("message", listen);
          resolve(message.answer);
        }
      };
      child.on("message", listen);
      child.send({ id, ask: question });
    });
  return {
    url,
    port: Number(new URL(url).port),
    rss: () => ask<number>("memory"),
    connections: () => ask<number>("connections"),
    errors: () => ask<string[]>("errors"),
    stop: () => {
      child.kill("SIGTERM");
    },
  };
}
