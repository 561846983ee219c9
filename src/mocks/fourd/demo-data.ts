import { namedExampleBytes } from "../document/openapi.ts";
import type { FourDFile } from "./model.ts";
import type { FourDDataClassDefinition } from "./options.ts";
import { pictureMediaType } from "./picture-type.ts";

function picture(example: string): FourDFile {
  const bytes = namedExampleBytes(example);
  const mediaType = pictureMediaType(bytes);
  if (mediaType === undefined) {
    throw new Error(`The example ${example} is not a picture.`);
  }
  return { bytes, mediaType };
}

/**
 * The demo model. Its files are the document's named examples, so the docs and the mock show the same bytes; User 5,
 * User 6 and Documents 42 are the entities of the document's examples, stamps and timestamps included. Only User 5 and
 * 6 work in HR, as the document's collection example shows; the others make filters and sorting meaningful.
 */
export function demoDataClasses(): FourDDataClassDefinition[] {
  return [
    {
      name: "User",
      attributes: { firstName: "string", lastName: "string", department: "string", profilePicture: "picture" },
      entities: [
        {
          key: 1,
          stamp: 2,
          timestamp: "2024-03-11T08:12:40.000Z",
          values: { firstName: "Claire", lastName: "Dubois", department: "Finance", profilePicture: null },
        },
        {
          key: 2,
          stamp: 1,
          timestamp: "2024-03-12T14:30:05.000Z",
          values: { firstName: "Marc", lastName: "Lefèvre", department: "Sales", profilePicture: null },
        },
        {
          key: 3,
          stamp: 3,
          timestamp: "2024-04-09T11:47:19.000Z",
          values: {
            firstName: "Sofia",
            lastName: "Rossi",
            department: "IT",
            profilePicture: picture("fourd-photo-gif"),
          },
        },
        {
          key: 4,
          stamp: 1,
          timestamp: "2024-04-15T16:05:51.000Z",
          values: { firstName: "Jonas", lastName: "Weber", department: "Sales", profilePicture: null },
        },
        {
          key: 5,
          stamp: 4,
          timestamp: "2024-05-20T09:30:12.482Z",
          values: {
            firstName: "Ada",
            lastName: "Moreau",
            department: "HR",
            profilePicture: picture("fourd-profile-picture-jpeg"),
          },
        },
        {
          key: 6,
          stamp: 1,
          timestamp: "2024-05-18T15:02:40.117Z",
          values: { firstName: "Bruno", lastName: "Keller", department: "HR", profilePicture: null },
        },
      ],
    },
    {
      name: "Documents",
      attributes: { title: "string", contract: "blob" },
      entities: [
        {
          key: 42,
          stamp: 3,
          timestamp: "2024-04-02T08:15:00.000Z",
          values: {
            title: "Service contract",
            contract: { bytes: namedExampleBytes("fourd-contract-pdf"), mediaType: "application/pdf" },
          },
        },
        {
          key: 43,
          stamp: 1,
          timestamp: "2024-04-03T10:20:00.000Z",
          values: { title: "Draft agreement", contract: { bytes: new Uint8Array(), mediaType: "application/pdf" } },
        },
      ],
    },
    {
      name: "Employee",
      attributes: { firstName: "string", lastName: "string", photo: "picture" },
      entities: [
        {
          key: 1,
          stamp: 1,
          timestamp: "2024-02-01T09:00:00.000Z",
          values: { firstName: "Mary", lastName: "Smith", photo: picture("fourd-employee-photo-png") },
        },
        {
          key: 2,
          stamp: 2,
          timestamp: "2024-02-14T13:25:00.000Z",
          values: { firstName: "Carlos", lastName: "Mendes", photo: null },
        },
      ],
    },
  ];
}
