/** Largest page the server answers; a larger `pageSize` is trimmed to it, not rejected. */
export const MAX_PAGE_SIZE = 2000;

function decodedName(pair: string): string {
  const name = pair.split("=")[0] ?? "";
  try {
    return decodeURIComponent(name.replaceAll("+", " "));
  } catch {
    return name;
  }
}

/**
 * The URL of another page of a list: the request's own query, every other parameter kept byte for byte (so
 * `ids=1,2` stays comma-joined), `pageSize` set to the page size actually used and `currentPage` to the page. Each
 * replaces the parameter where it stood (repeats dropped) or is appended, which gives the document's
 * `?pageSize=5&withTotalPages=true&currentPage=1`.
 */
export function pageUrl(url: URL, values: { pageSize: number; currentPage: number }): string {
  const pairs = url.search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "");
  for (const [name, value] of Object.entries(values)) {
    const replacement = `${name}=${value}`;
    const first = pairs.findIndex((pair) => decodedName(pair) === name);
    if (first === -1) {
      pairs.push(replacement);
      continue;
    }
    pairs[first] = replacement;
    for (let index = pairs.length - 1; index > first; index--) {
      if (decodedName(pairs[index] ?? "") === name) {
        pairs.splice(index, 1);
      }
    }
  }
  return `${url.origin}${url.pathname}?${pairs.join("&")}`;
}
