import { prettyJson } from "./pretty-json.ts";

/** A JSON answer as DS sends it: `application/json; charset=UTF-8`, indented when the URL says `_prettyPrint=true`. */
export function jsonResponse(url: URL, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = url.searchParams.get("_prettyPrint") === "true" ? prettyJson(body) : JSON.stringify(body);
  return new Response(text, { status, headers: { ...headers, "content-type": "application/json; charset=UTF-8" } });
}
