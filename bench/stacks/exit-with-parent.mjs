// Preloaded (`--import`) into every server, worker and ceiling process the bench starts: if
// the bench itself is killed (SIGKILL gives it no chance to clean up), its children notice
// they were re-parented within a second and exit, instead of running on unobserved.
// One timer a second, unref'd: nothing the measurements can see. Plain JavaScript, so that
// compiled processes (node dist/…, no tsx) can preload it too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1_000).unref();
