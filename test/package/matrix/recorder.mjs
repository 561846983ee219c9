// PingOne serves image bytes from its CDN, which the mock does not model, so no request reads back what an upload
// stored. The matrix records it where it is stored instead: a wrapper around the mock's create operation keeps the size
// and SHA-256 of the bytes the operation received, by the ID it answered, and `GET /__matrix/pingone/<id>` reports them.
// Used by serve.mjs (Node server) and the browser page (MSW worker), on the backend each of them runs.

/** Wraps `backend`'s PingOne create operation and returns the MSW handler that reports what it stored. */
export function recordPingOneImages(backend, { http, HttpResponse }) {
  const pingone = backend.apis.find((api) => api.name === "pingone");
  const create = pingone?.operations.pingOneCreateImage;
  if (!create) {
    throw new Error("the mock has no pingOneCreateImage operation to record");
  }
  const stored = new Map();
  pingone.operations.pingOneCreateImage = async (context) => {
    const answer = await create(context);
    if (answer instanceof Response && answer.ok && context.body.kind === "binary") {
      const { id } = await answer.clone().json();
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", context.body.bytes));
      const sha256 = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
      stored.set(id, { size: context.body.bytes.byteLength, sha256 });
    }
    return answer;
  };
  return http.get("*/__matrix/pingone/:id", ({ params }) => {
    const record = stored.get(String(params.id));
    return record ? HttpResponse.json(record) : HttpResponse.json({ message: "no upload recorded" }, { status: 404 });
  });
}
