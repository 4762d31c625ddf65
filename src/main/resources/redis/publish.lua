-- Accepts one message of a channel atomically: idempotency check, offset, history, fan-out.
-- KEYS[1] channel state (hash: epoch, offset)   KEYS[2] history (stream, entry ids 0-<offset>)
-- KEYS[3] optional: the Idempotency-Key
-- ARGV: 1 pub/sub topic, 2 message id, 3 data (JSON text), 4 history size, 5 history ttl ms,
--       6 epoch to start with if the channel has none, 7 request fingerprint, 8 idempotency window ms
-- Returns {'new', epoch, offset, ts} or {'replayed', first answer}
if #KEYS > 2 then
  local first = redis.call('GET', KEYS[3])
  if first then
    return {'replayed', first}
  end
end

local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[6]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0)
end
local offset = string.format('%d', redis.call('HINCRBY', KEYS[1], 'offset', 1))

-- one clock for every node: Redis's
local now = redis.call('TIME')
local micros = tonumber(now[1]) * 1000000 + tonumber(now[2])
local ts = math.floor(micros / 1000)

redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], '0-' .. offset, 'id', ARGV[2], 'ts', string.format('%d', ts),
  'data', ARGV[3])
-- messages older than the ttl leave history; they are the oldest ones
local cutoff = ts - tonumber(ARGV[5])
while true do
  local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 16)
  if #oldest == 0 then break end
  local done = false
  for _, entry in ipairs(oldest) do
    if tonumber(entry[2][4]) >= cutoff then done = true break end
    redis.call('XDEL', KEYS[2], entry[1])
  end
  if done then break end
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])

redis.call('PUBLISH', ARGV[1], epoch .. '\n' .. offset .. '\n' .. ARGV[2] .. '\n' .. string.format('%d', micros)
  .. '\n' .. ARGV[3])

if #KEYS > 2 then
  redis.call('SET', KEYS[3], ARGV[7] .. '\n' .. ARGV[2] .. '\n' .. offset .. '\n' .. epoch .. '\n'
    .. string.format('%d', ts), 'PX', ARGV[8])
end
return {'new', epoch, tonumber(offset), ts}
