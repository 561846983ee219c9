import { namedExample } from "../document/openapi.ts";
import { ADMIN_ID, type HdapSeedEntry, KVAUGHAN_ID } from "./options.ts";

function documentEntry(name: string): HdapSeedEntry {
  const value = namedExample(name);
  if (typeof value !== "object" || value === null || typeof (value as { _id?: unknown })._id !== "string") {
    throw new Error(`The document's example ${name} is not an HDAP entry.`);
  }
  return { ...(value as HdapSeedEntry) };
}

/**
 * The demo directory, parents first. Babs Jensen is the document's `hdap-bjensen-entry` example (with the seed's
 * 1 x 1 JPEG photo and her `_rev`), so the docs and the mock show the same entry; Kirsten Vaughan starts with the
 * revision the document's query example shows. Passwords are those of Ping's examples.
 */
export function hdapDemoEntries(): HdapSeedEntry[] {
  return [
    { _id: "dc=com", objectClass: ["top", "domain"], dc: "com" },
    { _id: "dc=com/dc=example", objectClass: ["top", "domain"], dc: "example" },
    {
      _id: "dc=com/dc=example/ou=People",
      objectClass: ["top", "organizationalUnit"],
      ou: "People",
      description: "Description on ou=People",
    },
    { ...documentEntry("hdap-bjensen-entry"), userPassword: "hifalutin" },
    {
      _id: KVAUGHAN_ID,
      _rev: "1c9a7e52-6d3b-3f04-9e21-8b5f0a4c2d63",
      objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
      cn: ["Kirsten Vaughan"],
      sn: ["Vaughan"],
      givenName: ["Kirsten"],
      uid: ["kvaughan"],
      mail: ["kvaughan@example.com"],
      telephoneNumber: ["+1 408 555 5625"],
      ou: ["Human Resources", "People"],
      l: ["Sunnyvale"],
      roomNumber: ["2871"],
      userPassword: "bribery",
    },
    {
      _id: ADMIN_ID,
      objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
      cn: ["Administrator"],
      sn: ["Administrator"],
      uid: ["admin"],
      userPassword: "password",
    },
  ];
}
