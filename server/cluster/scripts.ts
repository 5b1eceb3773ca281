// The cluster's Redis keys, and the Lua scripts Redis runs atomically on them.

export function clusterKeys(namespace: string) {
  const ns = `bw:${namespace}`;
  return {
    instances: `${ns}:instances`,
    record: (name: string) => `${ns}:breaker:${name}`,
    trials: (name: string) => `${ns}:trials:${name}`,
    window: (name: string) => `${ns}:window:${name}`,
    answers: (name: string) => `${ns}:answers:${name}`,
    answersAsked: `${ns}:answers-asked`,
    channel: `${ns}:breakers`,
    config: `${ns}:config`,
  };
}
export type ClusterKeys = ReturnType<typeof clusterKeys>;

/**
 * Compare-and-set of a breaker's versioned record; publishes the change on success.
 * KEYS[1] record hash · ARGV: expectedVersion, recordJson, channel, name, origin
 * → {1, newVersion} or {0, currentVersion, currentRecordJson}
 */
export const CAS_RECORD = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[1]) then
  return {0, v, redis.call('HGET', KEYS[1], 'rec') or ''}
end
local nv = v + 1
redis.call('HSET', KEYS[1], 'v', nv, 'rec', ARGV[2])
redis.call('PUBLISH', ARGV[3], '{"name":' .. cjson.encode(ARGV[4]) .. ',"v":' .. nv .. ',"origin":' .. cjson.encode(ARGV[5]) .. ',"rec":' .. ARGV[2] .. '}')
return {1, nv}
`;

/**
 * A half-open trial permit with a lease: at most ARGV[1] leases at a time; expired leases (a
 * crashed instance's) no longer count.
 * KEYS[1] lease zset · ARGV: max, leaseMs, nowMs, leaseId → 1 granted / 0 refused
 */
export const ACQUIRE_TRIAL = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1
`;
