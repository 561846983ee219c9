/** Cumulocity's vendor media types of the JSON bodies the binaries API answers. */
export const CUMULOCITY_MEDIA_TYPES = {
  managedObject: "application/vnd.com.nsn.cumulocity.managedobject+json",
  managedObjectCollection: "application/vnd.com.nsn.cumulocity.managedobjectcollection+json",
  error: "application/vnd.com.nsn.cumulocity.error+json",
} as const;

// The generated Java/Kotlin/.NET clients list the vendor type with the error type; application/json is what the
// official JS and Python clients send, so a server or proxy that knows only that one still answers with JSON.
// For POST and PUT an Accept header is what makes Cumulocity answer a body at all.

/** `Accept` of an upload or a replacement: the managed object, errors, or plain JSON. */
export const ACCEPT_MANAGED_OBJECT: string = `${CUMULOCITY_MEDIA_TYPES.managedObject}, ${CUMULOCITY_MEDIA_TYPES.error}, application/json`;

/** `Accept` of a list: the collection, errors, or plain JSON. */
export const ACCEPT_COLLECTION: string = `${CUMULOCITY_MEDIA_TYPES.managedObjectCollection}, ${CUMULOCITY_MEDIA_TYPES.error}, application/json`;

/** `Accept` of a download: the file in whatever type it was stored with (errors still come as JSON). */
export const ACCEPT_FILE = "*/*";
