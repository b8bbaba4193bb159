// Preloaded with `node --import` when /usr/bin/time is absent: a process can report its own
// peak resident set as it exits, which its parent cannot read for it from Node.
process.on('exit', () => {
  process.stderr.write(`whatif-maxrss-kb: ${process.resourceUsage().maxRSS}\n`);
});
