package dev.apscheduler.internal;

import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.MemoryJobStore;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The scheduler's job stores by alias, in the order they were added. Readers get an immutable
 * snapshot without locking; adding or removing a store replaces the snapshot. Stores are started
 * with the scheduler (or at once when added to a started one), and a failed start closes again the
 * stores it had started.
 *
 * <p>Thread-safe.
 */
public final class StoreSet {

  private static final System.Logger LOG = System.getLogger(StoreSet.class.getName());

  private final Object lock = new Object();
  private final Function<String, JobStoreContext> contexts;

  /** An unmodifiable snapshot, replaced under {@link #lock}. */
  private volatile Map<String, JobStore> stores;

  // @GuardedBy("lock")
  private boolean started;

  /**
   * Holds {@code initial}, to be started with contexts made by {@code contexts} (from the alias).
   */
  public StoreSet(Map<String, JobStore> initial, Function<String, JobStoreContext> contexts) {
    this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(initial));
    this.contexts = contexts;
  }

  /** The stores by alias, in order: a snapshot. */
  public Map<String, JobStore> all() {
    return stores;
  }

  /** The store of {@code alias}, or {@code null}. */
  public JobStore get(String alias) {
    return stores.get(alias);
  }

  /**
   * The store of {@code alias}.
   *
   * @throws IllegalArgumentException naming the stores there are, if there is none
   */
  public JobStore require(String alias) {
    JobStore store = stores.get(alias);
    if (store == null) {
      throw unknown(alias);
    }
    return store;
  }

  /** The error for an alias that names no store. */
  public IllegalArgumentException unknown(String alias) {
    return new IllegalArgumentException(
        "jobStore: no job store '" + alias + "'; stores: " + stores.keySet());
  }

  /** Whether the stores were started (the scheduler was started). */
  public boolean isStarted() {
    synchronized (lock) {
      return started;
    }
  }

  /**
   * Starts every store, adding a memory store as {@code "default"} if there is none. If one fails,
   * the stores started before it are closed again and the failure is thrown.
   */
  public void startAll() {
    synchronized (lock) {
      Map<String, JobStore> all = new LinkedHashMap<>(stores);
      all.putIfAbsent(SchedulerOptions.DEFAULT_JOB_STORE, new MemoryJobStore());
      List<JobStore> startedStores = new ArrayList<>();
      try {
        for (Map.Entry<String, JobStore> entry : all.entrySet()) {
          entry.getValue().start(contexts.apply(entry.getKey()));
          startedStores.add(entry.getValue());
        }
      } catch (RuntimeException | Error e) {
        startedStores.forEach(StoreSet::closeQuietly);
        throw e;
      }
      stores = Collections.unmodifiableMap(all);
      started = true;
    }
  }

  /**
   * Adds {@code store} under {@code alias}, starting it if the scheduler was started.
   *
   * @throws IllegalArgumentException if the alias is blank or taken
   */
  public void add(String alias, JobStore store) {
    Objects.requireNonNull(store, "store");
    if (alias == null || alias.isBlank()) {
      throw new IllegalArgumentException("job store alias: must not be blank");
    }
    synchronized (lock) {
      if (stores.containsKey(alias)) {
        throw new IllegalArgumentException(
            "job store alias: '" + alias + "' is already taken; stores: " + stores.keySet());
      }
      if (started) {
        store.start(contexts.apply(alias));
      }
      Map<String, JobStore> all = new LinkedHashMap<>(stores);
      all.put(alias, store);
      stores = Collections.unmodifiableMap(all);
    }
  }

  /**
   * Removes the store of {@code alias} (the caller closes it).
   *
   * @throws IllegalArgumentException if there is none
   */
  public JobStore remove(String alias) {
    synchronized (lock) {
      JobStore store = stores.get(alias);
      if (store == null) {
        throw new IllegalArgumentException(
            "job store alias: no store '" + alias + "'; stores: " + stores.keySet());
      }
      Map<String, JobStore> all = new LinkedHashMap<>(stores);
      all.remove(alias);
      stores = Collections.unmodifiableMap(all);
      return store;
    }
  }

  /** Closes every store, logging (not throwing) failures. */
  public void closeAll() {
    stores.values().forEach(StoreSet::closeQuietly);
  }

  /** Closes {@code store}, logging (not throwing) a failure. */
  public static void closeQuietly(JobStore store) {
    try {
      store.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Closing job store " + store + " failed", e);
    }
  }
}
