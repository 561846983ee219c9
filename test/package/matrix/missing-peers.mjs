// Run in an app that installed the tarball without the mock's optional peers (msw, ajv, ajv-formats): importing a mocks
// entry must fail with an error that names a missing package. Prints one JSON line per entry.
for (const entry of ["bytewire/mocks", "bytewire/mocks/node"]) {
  try {
    await import(entry);
    console.log(JSON.stringify({ entry, message: "imported" }));
  } catch (error) {
    console.log(JSON.stringify({ entry, message: String(error?.message ?? error).split("\n")[0] }));
  }
}
