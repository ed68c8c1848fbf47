/* global require, process */
// Preloaded into a benchmarked `smtp-lens` process (node --require): reports its peak resident set
// size (KB) on stderr as it exits, where the benchmark reads it. A thread of the process (the
// report's reading thread gets the same preload) says nothing: the process's peak is the main thread's to tell.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a preload script is CommonJS
if (require('node:worker_threads').isMainThread) {
  process.on('exit', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a preload script is CommonJS
    require('node:fs').writeSync(2, `\nsmtp-lens-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
  });
}
