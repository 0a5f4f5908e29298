-- Stores one BMC report (a BmcObservation or a BmcActionResult) exactly once, in order (see BmcReportStore); the
-- hub's own observations (KEYS[1] = '') skip the report_seq gate, which is store-report.lua's.
-- KEYS: 1 report-seq (or ''), 2 session (or ''), 3 anvil:reports, 4 the host's observation hash or actions hash,
--       5 the host's history stream
-- ARGV: 1 report_seq (the command_seq for the hub's own), 2 report_seq of the stream's previous report (or
--       Welcome.last_stored_report_seq), 3 session value, 4 agent id, 5 type, 6 host uid, 7 payload (the
--       BmcObservation or BmcActionResult), 8 observed_time ms (observation) or action id (result),
--       9 TTL seconds of the host's keys, 10 history entry of an observation, 11 history length
-- Returns 1 stored (an observation older than the stored one is dropped, the report still counts as stored),
-- 0 duplicate, -1 the previous report is not stored (a gap), -2 the session was superseded.
if KEYS[1] ~= '' then
  if redis.call('GET', KEYS[2]) ~= ARGV[3] then
    return -2
  end
  local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
  if tonumber(ARGV[1]) <= stored then
    return 0
  end
  if stored < tonumber(ARGV[2]) then
    return -1
  end
  redis.call('SET', KEYS[1], ARGV[1])
end
if ARGV[5] == 'bmc-observation' then
  local current = redis.call('HGET', KEYS[4], 'observed')
  -- a late report of the host's previous agent never replaces a newer observation
  if current and tonumber(ARGV[8]) < tonumber(current) then
    return 1
  end
  redis.call('HSET', KEYS[4], 'agent', ARGV[4], 'observed', ARGV[8], 'payload', ARGV[7])
  redis.call('EXPIRE', KEYS[4], ARGV[9])
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[11], '*', 'entry', ARGV[10])
  redis.call('EXPIRE', KEYS[5], ARGV[9])
else
  redis.call('HSET', KEYS[4], ARGV[8], ARGV[7])
  redis.call('EXPIRE', KEYS[4], ARGV[9])
end
redis.call('XADD', KEYS[3], '*', 'agent', ARGV[4], 'seq', ARGV[1], 'type', ARGV[5], 'host', ARGV[6])
return 1
