package dev.apscheduler.store;

import java.util.function.IntFunction;

/**
 * A hash index from ids to the int slots where its owner keeps the items: open addressing with
 * linear probing over one {@code long[]} of hash and slot. Adding an id stores no object reference,
 * so a large index costs the garbage collector nothing to trace and G1 no write-barrier work (a
 * reference stored at a random place of a large old array is what makes a {@code HashMap} of a
 * million entries slow to fill under G1). The ids themselves stay with the owner, which {@code ids}
 * reads by slot.
 *
 * <p>Not thread-safe: the owner guards it.
 */
final class IdIndex {

  private static final int MIN_CAPACITY = 16;

  /** The id of the item in a slot, as its owner keeps it. */
  private final IntFunction<String> ids;

  /** Per bucket: 0 when empty, else the id's hash in the high half and slot + 1 in the low half. */
  private long[] table = new long[MIN_CAPACITY];

  private int size;

  /** An empty index whose owner gives the id kept in a slot through {@code ids}. */
  IdIndex(IntFunction<String> ids) {
    this.ids = ids;
  }

  /** The slot of {@code id}, or -1 if the index has none. */
  int find(String id) {
    int bucket = bucketOf(id);
    return bucket < 0 ? -1 : slot(table[bucket]);
  }

  /** Adds {@code id} at {@code slot}; the caller has checked that {@code id} is absent. */
  void add(String id, int slot) {
    if (size + 1 > table.length - (table.length >>> 2)) {
      grow();
    }
    int hash = hash(id);
    int mask = table.length - 1;
    int bucket = hash & mask;
    while (table[bucket] != 0) {
      bucket = (bucket + 1) & mask;
    }
    table[bucket] = entry(hash, slot);
    size++;
  }

  /** Removes {@code id} and returns its slot, or -1 if the index has none. */
  int remove(String id) {
    int bucket = bucketOf(id);
    if (bucket < 0) {
      return -1;
    }
    int slot = slot(table[bucket]);
    closeGap(bucket);
    size--;
    return slot;
  }

  /** Forgets every id. */
  void clear() {
    table = new long[MIN_CAPACITY];
    size = 0;
  }

  private int bucketOf(String id) {
    int hash = hash(id);
    int mask = table.length - 1;
    for (int bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
      long entry = table[bucket];
      if (entry == 0) {
        return -1;
      }
      if ((int) (entry >>> 32) == hash && id.equals(ids.apply(slot(entry)))) {
        return bucket;
      }
    }
  }

  /**
   * Empties {@code gap} and moves later entries of its probe run back into it where their home
   * bucket allows (deletion without tombstones, so lookups never slow down with churn).
   */
  private void closeGap(int gap) {
    int mask = table.length - 1;
    for (int bucket = (gap + 1) & mask; table[bucket] != 0; bucket = (bucket + 1) & mask) {
      int home = (int) (table[bucket] >>> 32) & mask;
      if (((bucket - home) & mask) >= ((bucket - gap) & mask)) {
        table[gap] = table[bucket];
        gap = bucket;
      }
    }
    table[gap] = 0;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long entry : old) {
      if (entry != 0) {
        int bucket = (int) (entry >>> 32) & mask;
        while (table[bucket] != 0) {
          bucket = (bucket + 1) & mask;
        }
        table[bucket] = entry;
      }
    }
  }

  /**
   * The id's hash, mixed (MurmurHash3's finalizer) so that ids like {@code job-1}, {@code job-2},
   * whose string hashes are consecutive, do not fill one long probe run.
   */
  private static int hash(String id) {
    int h = id.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private static long entry(int hash, int slot) {
    return ((long) hash << 32) | (slot + 1L);
  }

  private static int slot(long entry) {
    return (int) entry - 1;
  }
}
