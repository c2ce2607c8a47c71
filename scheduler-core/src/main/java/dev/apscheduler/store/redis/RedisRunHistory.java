package dev.apscheduler.store.redis;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.RunRecordFields;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The run history of a {@link RedisJobStore}: a sorted set {@code <prefix>runs:<job id>} per job of
 * records as JSON ({@link RunRecordFields}) scored by their end (UTC epoch microseconds), and a set
 * {@code <prefix>runs_jobs} of the jobs that have one. A batch is written by one script, which also
 * trims each job's set to the retention's count; the purge removes what is older than the
 * retention's age or beyond its count, a page of jobs per script.
 *
 * <p>Thread-safe.
 */
final class RedisRunHistory implements RunHistoryStore {

  /** KEYS: the job set, then each job's sorted set; ARGV: max, then per job id, n, n pairs. */
  private static final String RECORD =
      """
      local max = tonumber(ARGV[1])
      local a = 2
      for k = 2, #KEYS do
        local id = ARGV[a]
        local n = tonumber(ARGV[a + 1])
        a = a + 2
        for j = 1, n do
          redis.call('ZADD', KEYS[k], ARGV[a], ARGV[a + 1])
          a = a + 2
        end
        redis.call('ZREMRANGEBYRANK', KEYS[k], 0, -(max + 1))
        redis.call('SADD', KEYS[1], id)
      end
      return 0
      """;

  /** KEYS: the job set, then job sorted sets; ARGV: the cutoff, the max, then the job ids. */
  private static final String PURGE =
      """
      local deleted = 0
      local max = tonumber(ARGV[2])
      for k = 2, #KEYS do
        deleted = deleted + redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', '(' .. ARGV[1])
        deleted = deleted + redis.call('ZREMRANGEBYRANK', KEYS[k], 0, -(max + 1))
        if redis.call('ZCARD', KEYS[k]) == 0 then
          redis.call('SREM', KEYS[1], ARGV[k + 1])
        end
      end
      return deleted
      """;

  private static final int JOBS_PER_PURGE_PAGE = 100;

  private final String keyPrefix;
  private final String jobsKey;
  private final Supplier<RedisCommands<String, String>> redis;

  RedisRunHistory(String keyPrefix, Supplier<RedisCommands<String, String>> redis) {
    this.keyPrefix = keyPrefix;
    this.jobsKey = keyPrefix + "runs_jobs";
    this.redis = redis;
  }

  private String key(String jobId) {
    return keyPrefix + "runs:" + jobId;
  }

  @Override
  public void record(List<RunRecord> records, RunRetention retention) {
    if (records.isEmpty()) {
      return;
    }
    Map<String, List<RunRecord>> byJob = new LinkedHashMap<>();
    for (RunRecord r : records) {
      byJob.computeIfAbsent(r.jobId(), id -> new ArrayList<>()).add(r);
    }
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    keys.add(jobsKey);
    args.add(Integer.toString(retention.maxRunsPerJob()));
    for (Map.Entry<String, List<RunRecord>> job : byJob.entrySet()) {
      keys.add(key(job.getKey()));
      args.add(job.getKey());
      args.add(Integer.toString(job.getValue().size()));
      for (RunRecord r : job.getValue()) {
        args.add(Long.toString(JobCodec.toEpochMicros(r.end())));
        args.add(JobCodec.toJson(RunRecordFields.toMap(r)));
      }
    }
    try {
      redis
          .get()
          .eval(
              RECORD,
              ScriptOutputType.INTEGER,
              keys.toArray(String[]::new),
              args.toArray(String[]::new));
    } catch (RedisException e) {
      throw new JobStoreException("Redis run history: could not record runs: " + e, e);
    }
  }

  @Override
  public List<RunRecord> find(RunHistoryQuery query) {
    Range.Boundary<Long> lower =
        query.from() == null
            ? Range.Boundary.unbounded()
            : Range.Boundary.including(JobCodec.toEpochMicros(query.from()));
    Range.Boundary<Long> upper =
        query.to() == null
            ? Range.Boundary.unbounded()
            : Range.Boundary.excluding(JobCodec.toEpochMicros(query.to()));
    Range<Long> range = Range.from(lower, upper);
    List<String> members;
    try {
      members =
          query.outcomes().isEmpty()
              ? redis
                  .get()
                  .zrevrangebyscore(key(query.jobId()), range, Limit.create(0, query.limit()))
              : redis.get().zrevrangebyscore(key(query.jobId()), range);
    } catch (RedisException e) {
      throw new JobStoreException("Redis run history: could not read runs: " + e, e);
    }
    List<RunRecord> found = new ArrayList<>();
    for (String member : members) {
      RunRecord r = RunRecordFields.fromMap(JobCodec.fromJson(member));
      if (query.matches(r) && found.size() < query.limit()) {
        found.add(r);
      }
    }
    return found;
  }

  @Override
  public int purge(RunRetention retention, Instant now, int limit) {
    String cutoff = Long.toString(JobCodec.toEpochMicros(now.minus(retention.maxAge())));
    int deleted = 0;
    try {
      ValueScanCursor<String> cursor =
          redis.get().sscan(jobsKey, ScanArgs.Builder.limit(JOBS_PER_PURGE_PAGE));
      while (true) {
        List<String> ids = cursor.getValues();
        if (!ids.isEmpty()) {
          List<String> keys = new ArrayList<>(ids.size() + 1);
          keys.add(jobsKey);
          ids.forEach(id -> keys.add(key(id)));
          List<String> args = new ArrayList<>(ids.size() + 2);
          args.add(cutoff);
          args.add(Integer.toString(retention.maxRunsPerJob()));
          args.addAll(ids);
          Long count =
              redis
                  .get()
                  .eval(
                      PURGE,
                      ScriptOutputType.INTEGER,
                      keys.toArray(String[]::new),
                      args.toArray(String[]::new));
          deleted += count.intValue();
        }
        if (cursor.isFinished() || deleted >= limit) {
          return deleted;
        }
        cursor = redis.get().sscan(jobsKey, cursor, ScanArgs.Builder.limit(JOBS_PER_PURGE_PAGE));
      }
    } catch (RedisException e) {
      throw new JobStoreException("Redis run history: could not purge runs: " + e, e);
    }
  }
}
