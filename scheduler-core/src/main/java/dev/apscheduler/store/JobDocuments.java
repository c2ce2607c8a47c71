package dev.apscheduler.store;

import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored JSON text of jobs for one persistent store, and the rows it cannot read.
 *
 * <p>A row whose document cannot be read (written by a newer version, an unknown trigger type, a
 * malformed document) is logged once, remembered and skipped; it is never changed or deleted. A
 * store asks for {@link #unreadableCount()} extra rows in its queries so that such rows do not
 * crowd out readable ones.
 *
 * <p>Thread-safe.
 */
public final class JobDocuments {

  private static final System.Logger LOG = System.getLogger(JobDocuments.class.getName());

  private final JobStoreContext context;
  private final JsonCodec json;
  private final String storeDescription;
  private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

  /**
   * Prepares the documents of a started store.
   *
   * @param storeDescription names the store in log lines and errors, such as {@code JDBC job store
   *     'default' (table apscheduler_jobs)}
   * @throws JobStoreException if Jackson is not on the classpath and the context brings no JSON
   *     codec
   */
  public JobDocuments(JobStoreContext context, String storeDescription) {
    if (context.json() == null) {
      JobCodec.requireJackson();
    }
    this.json = context.json() != null ? context.json() : JacksonJsonCodec.defaultCodec();
    this.context = context;
    this.storeDescription = storeDescription;
  }

  /**
   * The JSON text of a job.
   *
   * @throws IllegalArgumentException if its trigger or arguments cannot be stored
   */
  public String write(Job job) {
    return json.write(JobCodec.encode(job));
  }

  /**
   * Reads a stored job; for a row that cannot be read, logs once, remembers it and returns empty.
   */
  public Optional<Job> read(String id, Instant nextRunTime, String json) {
    try {
      Job job = readOrThrow(id, nextRunTime, json);
      unreadable.remove(id);
      return Optional.of(job);
    } catch (JobStoreException e) {
      if (unreadable.add(id)) {
        LOG.log(
            Level.ERROR,
            storeDescription + ": skipping job '" + id + "', left as it is: " + e.getMessage(),
            e);
      }
      return Optional.empty();
    }
  }

  /**
   * Reads a stored job.
   *
   * @throws JobStoreException if the row cannot be read
   */
  public Job readOrThrow(String id, Instant nextRunTime, String json) {
    return JobCodec.decode(this.json.read(json), id, nextRunTime, context.alias(), context.tasks());
  }

  /** Forgets a removed row. */
  public void forget(String id) {
    unreadable.remove(id);
  }

  /** Forgets every row. */
  public void forgetAll() {
    unreadable.clear();
  }

  /** How many rows were skipped as unreadable and not yet read successfully or removed. */
  public int unreadableCount() {
    return unreadable.size();
  }

  /** Whether the row of this id was skipped as unreadable. */
  public boolean isUnreadable(String id) {
    return unreadable.contains(id);
  }
}
