import bundled from "../../../generated/openapi.json" with { type: "json" };
import type { OpenApiDocument } from "./types.ts";

/** The bundled OpenAPI document (`generated/openapi.json`) that the mock routes and validates against. */
export const bundledDocument: OpenApiDocument = bundled as unknown as OpenApiDocument;
