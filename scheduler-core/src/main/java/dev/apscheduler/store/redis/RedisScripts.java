package dev.apscheduler.store.redis;

/**
 * The Lua scripts of {@link RedisJobStore}: each change runs as one script, so the jobs hash
 * ({@code KEYS[1]}) and the run times sorted set ({@code KEYS[2]}) change together and no reader
 * sees half a change. {@code KEYS[3]} is the claims hash of cluster mode ({@link
 * RedisClusterScripts#CLAIM}): while a node holds a claim on a job, the job's score is the claim's
 * end, and readers report the job's real next run time from the claim. Constants only; thread-safe.
 */
final class RedisScripts {

  /**
   * {@code scoreOf(id)}: the job's next run time as a score string (nil if it has none), the real
   * one while a node holds a claim on it.
   */
  static final String SCORE_OF =
      """
      local function scoreOf(id)
        local score = redis.call('ZSCORE', KEYS[2], id)
        local claim = redis.call('HGET', KEYS[3], id)
        if score and claim then
          local at, real = string.match(claim, '^([^|]*)|([^|]*)|')
          if tonumber(at) == tonumber(score) then return real end
        end
        return score
      end
      """;

  /**
   * Writes one job: {@code ARGV[1]} id, {@code ARGV[2]} document, {@code ARGV[3]} score (empty: no
   * next run time). The tail of the scripts that change a job.
   */
  private static final String WRITE =
      """
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      if ARGV[3] == '' then
        redis.call('ZREM', KEYS[2], ARGV[1])
      else
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
      end
      return 1
      """;

  /** Adds a job unless its id is taken: 1, or 0 when taken. */
  static final String ADD =
      """
      if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
      if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
      return 1
      """;

  /**
   * Adds several jobs, all or none. {@code ARGV[1]} is the stride: {@code 1} when the rest are ids
   * only (check, write nothing), {@code 3} when they are id, document, score triples. Returns
   * {@code {}} when every id was free (and the jobs are written), else {@code {id}} of the first
   * taken id (and nothing is written).
   */
  static final String ADD_ALL =
      """
      local stride = tonumber(ARGV[1])
      for i = 2, #ARGV, stride do
        if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then return {ARGV[i]} end
      end
      if stride == 1 then return {} end
      for i = 2, #ARGV, 3 do
        redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
        if ARGV[i + 2] ~= '' then redis.call('ZADD', KEYS[2], ARGV[i + 2], ARGV[i]) end
      end
      return {}
      """;

  /**
   * Writes a job that must exist ({@code ARGV[4]} empty), or whether or not it exists ({@code
   * ARGV[4]} = {@code upsert}): 1, or 0 when it had to exist and does not.
   */
  static final String UPDATE =
      """
      if ARGV[4] ~= 'upsert' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
      """
          + WRITE;

  /**
   * Writes a job only if the stored one has the expected schedule: {@code ARGV[4]} its score (empty
   * for none), {@code ARGV[5]} its {@code runs}, {@code ARGV[6]} its {@code paused} ({@code 1} or
   * {@code 0}), {@code ARGV[7]} its pending retry ({@code JobCodec.pendingRetryKey}, empty for
   * none), read from the stored document with cjson. 1 if written, 2 if a cluster node holds a
   * claim on the job (its due pass is deciding it; try again shortly), else 0.
   */
  static final String UPDATE_IF_UNCHANGED =
      SCORE_OF
          + """
      local doc = redis.call('HGET', KEYS[1], ARGV[1])
      if not doc then return 0 end
      local score = scoreOf(ARGV[1])
      if score ~= redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 2 end
      if ARGV[4] == '' then
        if score then return 0 end
      elseif not score or tonumber(score) ~= tonumber(ARGV[4]) then
        return 0
      end
      local ok, stored = pcall(cjson.decode, doc)
      if not ok or type(stored) ~= 'table' then return 0 end
      if tonumber(stored['runs']) ~= tonumber(ARGV[5]) then return 0 end
      if (stored['paused'] == true) ~= (ARGV[6] == '1') then return 0 end
      local retry = stored['pending_retry']
      local retryKey = ''
      if type(retry) == 'table' then
        retryKey = string.format('%.0f/%d/%.0f', retry['fire_time'], retry['attempt'], retry['due_at'])
      end
      if retryKey ~= ARGV[7] then return 0 end
      """
          + WRITE;

  /** Removes a job: 1, or 0 when there was none. */
  static final String REMOVE =
      """
      if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
      redis.call('ZREM', KEYS[2], ARGV[1])
      return 1
      """;

  /** Removes the jobs of the ids {@code ARGV[1..n]}; returns how many there were. */
  static final String REMOVE_ALL =
      """
      local removed = 0
      for i = 1, #ARGV do
        removed = removed + redis.call('HDEL', KEYS[1], ARGV[i])
        redis.call('ZREM', KEYS[2], ARGV[i])
      end
      return removed
      """;

  /** A job's document and score: {@code {doc, score}}, or {@code {}}. */
  static final String LOOKUP =
      SCORE_OF
          + """
      local doc = redis.call('HGET', KEYS[1], ARGV[1])
      if not doc then return {} end
      return {doc, scoreOf(ARGV[1])}
      """;

  /**
   * Up to {@code ARGV[2]} jobs with a score at or below {@code ARGV[1]}, earliest first: id, score,
   * document, repeated.
   */
  static final String DUE =
      """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0,
        tonumber(ARGV[2]))
      local out = {}
      for i = 1, #ids, 2 do
        out[#out + 1] = ids[i]
        out[#out + 1] = ids[i + 1]
        out[#out + 1] = redis.call('HGET', KEYS[1], ids[i])
      end
      return out
      """;

  /**
   * The whole hash and the whole sorted set with scores (the real ones of claimed jobs), read
   * together.
   */
  static final String ALL =
      SCORE_OF
          + """
      local scores = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
      if redis.call('HLEN', KEYS[3]) > 0 then
        for i = 1, #scores, 2 do scores[i + 1] = scoreOf(scores[i]) end
      end
      return {redis.call('HGETALL', KEYS[1]), scores}
      """;

  /**
   * One page of jobs ({@code ARGV[1]} offset, {@code ARGV[2]} limit) in the order of {@link #ALL}:
   * {@code 1} then id, score, document, repeated (a paused job's score nil); or {@code 0} alone
   * while a cluster node's claim moves some score, when only reading all jobs gives their order.
   */
  static final String PAGE =
      """
      if redis.call('HLEN', KEYS[3]) > 0 then return {0} end
      local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
      local out = {1}
      local scheduled = redis.call('ZCARD', KEYS[2])
      if offset < scheduled and limit > 0 then
        local ids = redis.call('ZRANGE', KEYS[2], offset, offset + limit - 1, 'WITHSCORES')
        for i = 1, #ids, 2 do
          out[#out + 1] = ids[i]
          out[#out + 1] = ids[i + 1]
          out[#out + 1] = redis.call('HGET', KEYS[1], ids[i])
        end
      end
      local left = limit - (#out - 1) / 3
      if left > 0 then
        local paused = {}
        for _, id in ipairs(redis.call('HKEYS', KEYS[1])) do
          if not redis.call('ZSCORE', KEYS[2], id) then paused[#paused + 1] = id end
        end
        table.sort(paused)
        local from = math.max(0, offset - scheduled)
        for i = from + 1, math.min(#paused, from + left) do
          out[#out + 1] = paused[i]
          out[#out + 1] = false
          out[#out + 1] = redis.call('HGET', KEYS[1], paused[i])
        end
      end
      return out
      """;

  private RedisScripts() {}

  /**
   * Takes or renews the store's lease ({@code KEYS[1]}) for {@code ARGV[1]} for {@code ARGV[2]}
   * milliseconds if it is free or already {@code ARGV[1]}'s: nil, or the holder's description.
   */
  static final String LEASE_TAKE =
      """
      local holder = redis.call('GET', KEYS[1])
      if holder and holder ~= ARGV[1] then return holder end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return false
      """;

  /** Deletes the store's lease ({@code KEYS[1]}) if {@code ARGV[1]} holds it. */
  static final String LEASE_RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
      return 0
      """;
}
