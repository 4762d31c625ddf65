-- Reads a channel's position and retained messages from an offset on; starts the channel (a new epoch at
-- offset 0) when Redis has none, so that subscribers and publishers agree on one epoch.
-- KEYS[1] channel state (hash: epoch, offset)   KEYS[2] history (stream, entry ids 0-<offset>)
-- ARGV: 1 first offset wanted, 2 most messages wanted, 3 history ttl ms, 4 epoch to start with
-- Returns {epoch, offset, oldest retained offset (offset + 1 when none), {entries}}
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local offset
if not epoch then
  epoch = ARGV[4]
  offset = 0
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
else
  offset = tonumber(redis.call('HGET', KEYS[1], 'offset'))
end

local now = redis.call('TIME')
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[3])
local oldest = offset + 1
while true do
  local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 16)
  if #first == 0 then break end
  local done = false
  for _, entry in ipairs(first) do
    if tonumber(entry[2][4]) >= cutoff then
      oldest = tonumber(string.sub(entry[1], 3))
      done = true
      break
    end
    redis.call('XDEL', KEYS[2], entry[1])
  end
  if done then break end
end

local entries = {}
if tonumber(ARGV[2]) > 0 and tonumber(ARGV[1]) <= offset then
  entries = redis.call('XRANGE', KEYS[2], '0-' .. ARGV[1], '+', 'COUNT', ARGV[2])
end
return {epoch, offset, oldest, entries}
