-- wrk script for scripts/load-test.sh: cycles through the request paths in
-- $URLS (one per line: story pages and searches), and counts answers that
-- are not 200 (wrk's own "Non-2xx" line counts them too).
local paths = {}
for line in io.lines(os.getenv("URLS")) do
  paths[#paths + 1] = line
end
local i = 0

function setup(thread)
  thread:set("offset", #paths // 2 * (thread.id or 0))
end

request = function()
  i = i + 1
  return wrk.format("GET", paths[(i + (offset or 0)) % #paths + 1])
end
