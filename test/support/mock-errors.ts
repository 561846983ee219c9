// Apart from mock.ts so that the setup file, which every test file runs, does not load the mocks (Ajv, MSW, the
// document) into files that never use them: the isolated project loads them afresh for each file.

/** Errors thrown inside mock implementations during a test; a test may assert there were none. */
export const mockErrors: unknown[] = [];
