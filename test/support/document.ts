import { bundledDocument, DocumentValidator, isJsonMediaType, latin1Bytes, OperationRouter } from "bytewire/mocks";

export const document = bundledDocument;
export const router: OperationRouter = new OperationRouter(document);
export const validator: DocumentValidator = new DocumentValidator(document);

/** The four APIs, each named by its tag in the document. */
export const API_TAGS = ["PingDS HDAP", "4D REST", "Cumulocity binaries", "PingOne images"] as const;

export { isJsonMediaType, latin1Bytes as exampleBytes };
