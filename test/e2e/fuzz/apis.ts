import {
  type ApiMock,
  createCumulocityMock,
  createFourDMock,
  createHdapMock,
  createPingOneMock,
  type OperationEntry,
} from "bytewire/mocks";

/** How the fuzzer authenticates to an API, how it forges bad credentials, and the API's error schema. */
export interface FuzzApi {
  tag: string;
  errorSchema: string;
  /** Headers of a caller allowed to do everything. */
  auth(cookie: string): Record<string, string>;
  /** Headers with credentials the API must refuse with 401, or undefined where it treats them as a guest. */
  wrongAuth(entry: OperationEntry): Record<string, string> | undefined;
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${btoa(`${user}:${password}`)}` });
const allowsAnonymous = (entry: OperationEntry) =>
  (entry.operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0);

export const FUZZ_APIS: FuzzApi[] = [
  {
    tag: "PingDS HDAP",
    errorSchema: "HdapError",
    auth: () => basic("dc=com/dc=example/ou=People/uid=kvaughan", "bribery"),
    wrongAuth: () => basic("dc=com/dc=example/ou=People/uid=kvaughan", "not-the-password"),
  },
  {
    tag: "4D REST",
    errorSchema: "FourDError",
    auth: (cookie) => ({ cookie }),
    // 4D treats an unknown session cookie as a new guest session: only operations that need a session refuse it.
    wrongAuth: (entry) =>
      allowsAnonymous(entry) ? undefined : { cookie: "4DSID_App=FORGED0000000000000000000000000000" },
  },
  {
    tag: "Cumulocity binaries",
    errorSchema: "CumulocityError",
    auth: () => basic("t100/admin", "admin"),
    wrongAuth: () => basic("t100/admin", "wrong"),
  },
  {
    tag: "PingOne images",
    errorSchema: "PingOneError",
    auth: () => ({ authorization: "Bearer demo-token" }),
    wrongAuth: () => ({ authorization: "Bearer forged-token" }),
  },
];

/** The four mocks with small body limits, so oversized bodies are cheap to send; HDAP never locks accounts. */
export function createFuzzApis(limit: number): ApiMock<unknown>[] {
  return [
    createHdapMock({ lockout: false, maxBodyBytes: limit }),
    createFourDMock({ maxBodyBytes: limit }),
    createCumulocityMock({ maxUploadBytes: limit }),
    createPingOneMock({ maxImageBytes: limit }),
  ];
}
