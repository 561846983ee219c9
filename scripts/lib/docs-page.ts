// What the build changes in the page Redocly renders, so that it works offline and names the server it came from.

// Redoc's sidebar footer ("API docs by <logo>") loads Redocly's logo from cdn.redoc.ly whenever the page is viewed,
// which an offline or firewalled viewer sees as a failed request and a console error; the logo is drawn inline
// instead. Browsers also ask for /favicon.ico, which a plain file server may not have (another console error); an empty
// `data:` icon means no request is made.
const REDOCLY_LOGO_URL = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const REDOCLY_LOGO_INLINE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='52' height='14'%3E%3Ctext x='0' y='11' " +
  "font-family='sans-serif' font-size='11' font-weight='700' fill='%23ff5c35'%3ERedocly%3C/text%3E%3C/svg%3E";
const NO_FAVICON = '<link rel="icon" href="data:,">';

/** The rendered page without requests to other origins: the CDN logo inlined, the favicon request suppressed. */
export function selfContainedPage(html: string): string {
  const withIcon = html.replace("<head>", `<head>\n  ${NO_FAVICON}`);
  return withIcon.replace(REDOCLY_LOGO_URL, REDOCLY_LOGO_INLINE);
}

// The last statement of the page Redocly writes: Redoc takes over the pre-rendered markup with the document.
const HYDRATE = "hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));";

/**
 * The page, naming the origin it is served from wherever the document names the mock server's default origin (the
 * servers boxes, every code sample, the text), so that a reader of the docs of a mock on another port or host copies
 * samples that reach it. The rendered page is only ever served by the mock server (`build/docs/`, see docs.ts), so
 * the origin the browser reached it on is the mock's. Done in the page just before Redoc starts, on both the
 * pre-rendered markup and the document, so that the two still match; a page opened from a file keeps the default.
 */
export function servedFromAnyOrigin(html: string, documentedOrigin: string): string {
  if (!html.includes(HYDRATE)) {
    throw new Error("The page Redocly rendered no longer ends with the expected hydrate(...) call; see docs-page.ts.");
  }
  const script = `const __mock_origin = ((documented) => {
        const page = document.getElementById('redoc');
        if (!/^https?:$/.test(location.protocol) || location.origin === documented || !page) {
          return (definition) => definition;
        }
        page.innerHTML = page.innerHTML.replaceAll(documented, () => location.origin);
        return (definition) => JSON.parse(JSON.stringify(definition).replaceAll(documented, () => location.origin));
      })(${JSON.stringify(documentedOrigin)});
      hydrate(__mock_origin(__redoc_definition), __redoc_options, document.getElementById('redoc'));`;
  return html.replace(HYDRATE, () => script);
}
