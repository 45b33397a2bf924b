/**
 * Where a worker thread's module is. Run from source (tests, the CLI under Node's type stripping)
 * it is the .ts file beside its caller; in the built app every worker is an entry of its own in
 * out/main (electron.vite.config.ts), `<name>.js` beside the bundle and every shared chunk, so the
 * caller's own URL finds it whichever chunk the caller ended up in.
 */
export function workerUrl(callerUrl: string, source: string, name: string): URL {
  return callerUrl.endsWith('.ts') ? new URL(source, callerUrl) : new URL(`./${name}.js`, callerUrl);
}
