package dev.apscheduler.store.redis;

/**
 * The Lua scripts of a {@link RedisJobStore} in cluster mode. Every script takes {@code KEYS} =
 * jobs hash, run times sorted set, claims hash, nodes sorted set (node id by heartbeat, epoch
 * microseconds of Redis's clock), and {@code ARGV[1]} = key prefix, {@code ARGV[2]} = this node's
 * id. A run in flight is recorded twice: in the hash {@code <prefix>running:<jobId>} (field {@code
 * <fireMicros>|<node>}, value the start in epoch microseconds, followed by {@code |} and the job's
 * document for a run that keeps its job: {@code LostRunReruns.documentToKeep}), whose length is the
 * job's running count, and in the set {@code <prefix>node_runs:<node>} (member {@code
 * <fireMicros>|<jobId>}), by which a node's runs are released. Released runs are returned as groups
 * of six: node, job id, fire micros, started micros, why ({@code e} an earlier life, {@code d}
 * dead, {@code l} left), kept job document (empty if none); a group with an empty job id says a
 * dead node was removed. Until the node that released them reports them ({@link #SETTLED}), the
 * released runs stay in the hash {@code <prefix>released:<that node>} (field {@code
 * <node>|<fireMicros>|<jobId>}, value the group as a JSON array followed by the time, in epoch
 * microseconds, it was handed to that node), and the node in the sorted set {@code
 * <prefix>releasing} (by the time of its last release): should that node die first, the node that
 * reaps it takes them over and reports them; a live node offers its own again once they are a
 * window old (their hand-over failed). Constants only; thread-safe.
 */
final class RedisClusterScripts {

  private static final String PREAMBLE =
      """
      local prefix, node = ARGV[1], ARGV[2]
      local function micros()
        local t = redis.call('TIME')
        return string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
      end
      local function hold(run, out)
        for i = 1, 6 do out[#out + 1] = run[i] end
        run[7] = micros()
        redis.call('HSET', prefix .. 'released:' .. node, run[1] .. '|' .. run[3] .. '|' .. run[2],
          cjson.encode(run))
        redis.call('ZADD', prefix .. 'releasing', run[7], node)
      end
      local function release(who, why, out)
        local key = prefix .. 'node_runs:' .. who
        for _, m in ipairs(redis.call('SMEMBERS', key)) do
          local fire, id = string.match(m, '^([^|]*)|(.*)$')
          local runs = prefix .. 'running:' .. id
          local record = redis.call('HGET', runs, fire .. '|' .. who)
          if record then
            redis.call('HDEL', runs, fire .. '|' .. who)
            local started, kept = string.match(record, '^([^|]*)|?(.*)$')
            hold({who, id, fire, started, why, kept}, out)
          end
        end
        redis.call('DEL', key)
      end
      local function takeOver(from, out)
        local key = prefix .. 'released:' .. from
        local entries = redis.call('HGETALL', key)
        redis.call('DEL', key)
        redis.call('ZREM', prefix .. 'releasing', from)
        for i = 2, #entries, 2 do hold(cjson.decode(entries[i]), out) end
      end
      local function record(id, fire, started, kept)
        local value = started
        if kept and kept ~= '' then value = started .. '|' .. kept end
        redis.call('HSET', prefix .. 'running:' .. id, fire .. '|' .. node, value)
        redis.call('SADD', prefix .. 'node_runs:' .. node, fire .. '|' .. id)
        redis.call('ZADD', KEYS[4], started, node)
      end
      """;

  /**
   * Claims up to {@code ARGV[4]} jobs due at {@code ARGV[3]} (epoch micros) for one due pass: moves
   * each one's score to {@code ARGV[5]}, the claim's end, so that no other node sees it due
   * meanwhile, and notes {@code <claim end>|<real score>|<token ARGV[6]>} in the claims hash.
   * Returns id, real score, document, running count, repeated. A job whose earlier claim ran out
   * (its node died before its commit) keeps the real score that claim noted.
   */
  static final String CLAIM =
      PREAMBLE
          + RedisScripts.SCORE_OF
          + """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
      local out = {}
      for _, id in ipairs(ids) do
        local real = scoreOf(id)
        local doc = redis.call('HGET', KEYS[1], id)
        if doc then
          redis.call('ZADD', KEYS[2], ARGV[5], id)
          redis.call('HSET', KEYS[3], id, ARGV[5] .. '|' .. real .. '|' .. ARGV[6])
          for _, v in ipairs({id, real, doc, redis.call('HLEN', prefix .. 'running:' .. id)}) do
            out[#out + 1] = v
          end
        end
      end
      return out
      """;

  /**
   * Writes the outcomes of a pass's claimed jobs: {@code ARGV[3]} the token, {@code ARGV[4]} the
   * claim end, then per job id, real score, kind ({@code w} write, {@code d} delete, {@code r}
   * release undecided), document (for a delete: the document the run's record keeps, or empty), new
   * score (empty: none), started fire micros (empty: no run). If another node took a decided job's
   * claim over (the claim ran out), writes nothing, puts the jobs still claimed back at their real
   * scores and returns the lost ids. Otherwise writes each outcome where the job still has the
   * claim's score (a job another client changed meanwhile keeps that change: the pass counts as
   * done before it), records the runs started, and returns {@code {}}.
   */
  static final String COMMIT =
      PREAMBLE
          + """
      local token, claim = ARGV[3], ARGV[4]
      local function ours(i)
        return redis.call('HGET', KEYS[3], ARGV[i]) == claim .. '|' .. ARGV[i + 1] .. '|' .. token
      end
      local function held(id)
        local s = redis.call('ZSCORE', KEYS[2], id)
        return s and tonumber(s) == tonumber(claim)
      end
      local lost = {}
      for i = 5, #ARGV, 6 do
        if ARGV[i + 2] ~= 'r' and not ours(i) then lost[#lost + 1] = ARGV[i] end
      end
      for i = 5, #ARGV, 6 do
        local id, kind = ARGV[i], ARGV[i + 2]
        if ours(i) then
          if held(id) then
            if #lost > 0 or kind == 'r' then
              redis.call('ZADD', KEYS[2], ARGV[i + 1], id)
            elseif kind == 'd' then
              redis.call('HDEL', KEYS[1], id)
              redis.call('ZREM', KEYS[2], id)
            else
              redis.call('HSET', KEYS[1], id, ARGV[i + 3])
              if ARGV[i + 4] == '' then
                redis.call('ZREM', KEYS[2], id)
              else
                redis.call('ZADD', KEYS[2], ARGV[i + 4], id)
              end
            end
          end
          redis.call('HDEL', KEYS[3], id)
          if #lost == 0 and ARGV[i + 5] ~= '' then
            record(id, ARGV[i + 5], micros(), kind == 'd' and ARGV[i + 3] or '')
          end
        end
      end
      return lost
      """;

  /**
   * Records a run-now run of job {@code ARGV[3]} at fire micros {@code ARGV[4]} if fewer than
   * {@code ARGV[5]} runs of it are in flight: {@code {1}}, else {@code {0}}.
   */
  static final String TRY_START =
      PREAMBLE
          + """
      if redis.call('HLEN', prefix .. 'running:' .. ARGV[3]) >= tonumber(ARGV[5]) then return {0} end
      record(ARGV[3], ARGV[4], micros())
      return {1}
      """;

  /** Deletes the records of this node's finished runs: job id, fire micros pairs from ARGV[3]. */
  static final String FINISHED =
      PREAMBLE
          + """
      for i = 3, #ARGV, 2 do
        redis.call('HDEL', prefix .. 'running:' .. ARGV[i], ARGV[i + 1] .. '|' .. node)
        redis.call('SREM', prefix .. 'node_runs:' .. node, ARGV[i + 1] .. '|' .. ARGV[i])
      end
      return {}
      """;

  /**
   * Forgets released runs of this node that were reported: fields {@code <node>|<fire>|<jobId>}
   * from {@code ARGV[3]} of {@code <prefix>released:<this node>}.
   */
  static final String SETTLED =
      PREAMBLE
          + """
      local key = prefix .. 'released:' .. node
      for i = 3, #ARGV do redis.call('HDEL', key, ARGV[i]) end
      if redis.call('HLEN', key) == 0 then redis.call('ZREM', prefix .. 'releasing', node) end
      return {}
      """;

  /**
   * Writes this node's heartbeat (Redis's clock). On the node's first heartbeat ({@code ARGV[3]} =
   * 1) takes back the released runs an earlier life under the same id had not reported, and
   * releases the runs that life listed; when reaping ({@code ARGV[4]} = 1) removes nodes whose
   * heartbeat is more than {@code ARGV[5]} micros old, releasing their runs, takes over the
   * unreported released runs of nodes gone that long, hands its own unreported ones that long old
   * again, and drops claims that ran out that long ago and no longer hold their job. Returns
   * Redis's time (epoch micros), then the released runs.
   */
  static final String HEARTBEAT =
      PREAMBLE
          + """
      local now = micros()
      local out = {now}
      local known = redis.call('ZSCORE', KEYS[4], node)
      redis.call('ZADD', KEYS[4], now, node)
      if ARGV[3] == '1' then
        takeOver(node, out)
        if known then release(node, 'e', out) end
      end
      if ARGV[4] == '1' then
        local limit = tonumber(now) - tonumber(ARGV[5])
        for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. limit)) do
          if dead ~= node then
            release(dead, 'd', out)
            redis.call('ZREM', KEYS[4], dead)
            for _, v in ipairs({dead, '', '', '', 'd', ''}) do out[#out + 1] = v end
          end
        end
        local releasing = prefix .. 'releasing'
        for _, gone in ipairs(redis.call('ZRANGEBYSCORE', releasing, '-inf', '(' .. limit)) do
          if gone ~= node and not redis.call('ZSCORE', KEYS[4], gone) then takeOver(gone, out) end
        end
        local held = redis.call('HGETALL', prefix .. 'released:' .. node)
        for i = 2, #held, 2 do
          local run = cjson.decode(held[i])
          if tonumber(run[7] or 0) < limit then hold(run, out) end
        end
        local claims = redis.call('HGETALL', KEYS[3])
        for i = 1, #claims, 2 do
          local at = tonumber(string.match(claims[i + 1], '^([^|]*)|'))
          local score = redis.call('ZSCORE', KEYS[2], claims[i])
          if at < limit and (not score or tonumber(score) ~= at) then
            redis.call('HDEL', KEYS[3], claims[i])
          end
        end
      end
      return out
      """;

  /** Leaves the cluster: releases this node's runs and removes it; returns as HEARTBEAT does. */
  static final String LEAVE =
      PREAMBLE
          + """
      local out = {micros()}
      release(node, 'l', out)
      redis.call('ZREM', KEYS[4], node)
      return out
      """;

  private RedisClusterScripts() {}
}
