// `npm start`: the mock server of all four APIs with demo data, and the rendered docs at /docs. The server answers
// at once; docs that are missing or stale (see buildDocs) are rendered meanwhile, and /docs serves them when ready.
import { createMockBackend } from "bytewire/mocks";
import { startMockServer } from "bytewire/mocks/node";
import { buildDocs, docsAreFresh, docsDir } from "./lib/docs.ts";

const port = Number(process.env["PORT"] ?? 4010);
const host = process.env["HOST"] ?? "127.0.0.1";

const backend = createMockBackend({
  onError: (error, operationId) => console.error(`mock error in ${operationId}:`, error),
});
const server = await startMockServer({
  handlers: backend.handlers,
  port,
  host,
  docsDir,
  log: (line) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`),
});

const url = server.url.replace("127.0.0.1", "localhost");
const pingOneEnv = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const docsFresh = await docsAreFresh();
console.log(`
bytewire mock server: PingDS HDAP, 4D REST, Cumulocity binaries and PingOne images on ${url}
  docs      ${url}/docs${docsFresh ? "         " : " (rendering, ready in a few seconds)"}  document ${url}/openapi.json  ${url}/openapi.yaml

  PingDS HDAP  ${url}/hdap/dc=com/dc=example/ou=People/...
    users: uid=kvaughan / bribery (may write any entry), uid=bjensen / hifalutin, uid=admin / password; anonymous reads
    curl -u 'dc=com/dc=example/ou=People/uid=kvaughan:bribery' '${url}/hdap/dc=com/dc=example/ou=People/uid=bjensen?_fields=photo&_prettyPrint=true'

  4D REST      ${url}/rest/...
    user: admin / admin (POST /rest/$directory/login with username-4D/password-4D headers); guests may read
    curl -o profile.jpg '${url}/rest/User(5)/profilePicture?$binary=true&$expand=profilePicture'

  Cumulocity   ${url}/inventory/binaries
    tenant t100: admin / admin (inventory admin, token admin-token), reader / reader (read only, token reader-token)
    curl -u t100/admin:admin '${url}/inventory/binaries?pageSize=10&withTotalPages=true'

  PingOne      ${url}/v1/environments/${pingOneEnv}/images
    bearer token: demo-token
    curl -H 'Authorization: Bearer demo-token' '${url}/v1/environments/${pingOneEnv}/images/99b4c866-041f-4c04-b495-be764f14927f'

Demo data lives in memory and is reset on restart. PORT=<n> npm start to change the port. Ctrl+C to stop.
`);

if (!docsFresh) {
  const started = performance.now();
  buildDocs().then(
    () => console.log(`docs rendered in ${((performance.now() - started) / 1000).toFixed(1)} s: ${url}/docs`),
    (error: unknown) =>
      console.error(
        `Could not render the docs (${error instanceof Error ? error.message : error}); /docs says how to.`,
      ),
  );
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
