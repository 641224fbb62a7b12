-- wrk script for scripts/load-test.sh: each thread cycles through the
-- request paths in $URLS (one per line: story pages and searches) from its
-- own random starting point.
local paths = {}
for line in io.lines(os.getenv("URLS")) do
  paths[#paths + 1] = line
end
local i = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  i = math.random(#paths)
end

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
