/** The checkout's root folder, with a trailing slash. A module of its own, so that importing it loads nothing else. */
export const root: string = new URL("../../", import.meta.url).pathname;
