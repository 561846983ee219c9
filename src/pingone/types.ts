import type { components, paths } from "../../generated/schema.ts";

/** Metadata of a stored image: `id`, `createdAt`, and `targets.original` with its public `href`, type and size. */
export type PingOneImage = components["schemas"]["PingOneImage"];

/** The format PingOne read from an image's bytes: `png`, `jpg` or `gif` (note `jpg`, not `jpeg`). */
export type PingOneImageFormat = components["schemas"]["PingOneImageFormat"];

/** PingOne's error body (`P1Error`): `id` for support, `code` to branch on, `message`, optional `details`. */
export type PingOneErrorBody = components["schemas"]["PingOneError"];

/** One entry of `P1Error.details`: which field (`target`) broke which rule (`code`, `innerError`). */
export type PingOneErrorDetail = components["schemas"]["PingOneErrorDetail"];

/** The PingOne paths of the document, as the typed raw client sees them (relative to the `/v1` base URL). */
export type PingOnePaths = Pick<paths, "/environments/{envID}/images" | "/environments/{envID}/images/{imageID}">;
