package dev.apscheduler.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntFunction;

/**
 * The slots of the scheduled jobs of a {@link MemoryJobStore}, earliest next run time first (then
 * by id): a binary min-heap kept in primitive arrays, with each slot's heap position so that any
 * job can be moved or taken out in O(log n). Moving entries writes numbers only, no object
 * references, and jobs added in run-time order (the usual case) are appended without moving any.
 *
 * <p>Not thread-safe: its owner guards it.
 */
final class RunTimeHeap {

  /** The id of the job in a slot, for ties between equal run times. */
  private final IntFunction<String> ids;

  // By heap position: the slot and its run time as epoch seconds and nanoseconds.
  private int[] slots = new int[16];
  private long[] seconds = new long[16];
  private int[] nanos = new int[16];

  /** By slot: the slot's heap position, or -1 while it is not in the heap. */
  private int[] positions = new int[0];

  private int size;

  /** An empty heap whose owner gives the id of the job in a slot through {@code ids}. */
  RunTimeHeap(IntFunction<String> ids) {
    this.ids = ids;
  }

  int size() {
    return size;
  }

  boolean contains(int slot) {
    return slot < positions.length && positions[slot] >= 0;
  }

  /** The slot of the earliest job; the heap must not be empty. */
  int first() {
    return slots[0];
  }

  /** The earliest run time; the heap must not be empty. */
  Instant firstTime() {
    return Instant.ofEpochSecond(seconds[0], nanos[0]);
  }

  /** Whether the earliest job is due at {@code now}; false when the heap is empty. */
  boolean firstIsDue(Instant now) {
    return size > 0 && isDue(0, now);
  }

  /** Adds {@code slot}, not in the heap yet, due at {@code time}. */
  void add(int slot, Instant time) {
    if (size == slots.length) {
      int capacity = size * 2;
      slots = Arrays.copyOf(slots, capacity);
      seconds = Arrays.copyOf(seconds, capacity);
      nanos = Arrays.copyOf(nanos, capacity);
    }
    if (slot >= positions.length) {
      int old = positions.length;
      positions = Arrays.copyOf(positions, Math.max(16, Math.max(slot + 1, old * 2)));
      Arrays.fill(positions, old, positions.length, -1);
    }
    place(size++, slot, time.getEpochSecond(), time.getNano());
    siftUp(size - 1);
  }

  /** Takes {@code slot} out of the heap, if it is in it. */
  void remove(int slot) {
    if (!contains(slot)) {
      return;
    }
    int position = positions[slot];
    positions[slot] = -1;
    int last = --size;
    if (position != last) {
      // bottom-up: the gap goes down to a leaf by the earlier child (one comparison a level), then
      // the last entry fills it and rises; half the comparisons of sifting it down from the top
      int gap = position;
      for (int child = 2 * gap + 1; child < size; child = 2 * gap + 1) {
        if (child + 1 < size && compare(child + 1, child) < 0) {
          child++;
        }
        place(gap, slots[child], seconds[child], nanos[child]);
        gap = child;
      }
      place(gap, slots[last], seconds[last], nanos[last]);
      siftUp(gap);
    }
  }

  /** Empties the heap. */
  void clear() {
    Arrays.fill(positions, -1);
    size = 0;
  }

  /**
   * The first {@code count} slots in run-time order, found without sorting the whole heap: each
   * position taken opens its two children, so the cost grows with {@code count}, not the heap.
   */
  List<Integer> firstInOrder(int count) {
    return firstInOrder(count, null);
  }

  /** As {@link #firstInOrder(int)}, but only slots due at {@code now}. */
  List<Integer> firstDue(Instant now, int count) {
    return firstInOrder(count, now);
  }

  /** A heap entry's children come after it, so a walk stops at the first one not due. */
  private List<Integer> firstInOrder(int count, Instant dueAt) {
    int wanted = Math.min(count, size);
    List<Integer> ordered = new ArrayList<>(Math.min(wanted, 64));
    if (wanted == 0 || !isDue(0, dueAt)) {
      return ordered;
    }
    PriorityQueue<Integer> frontier = new PriorityQueue<>((a, b) -> compare(a, b));
    frontier.add(0);
    while (ordered.size() < wanted && !frontier.isEmpty()) {
      int position = frontier.poll();
      ordered.add(slots[position]);
      for (int child = 2 * position + 1; child <= 2 * position + 2 && child < size; child++) {
        if (isDue(child, dueAt)) {
          frontier.add(child);
        }
      }
    }
    return ordered;
  }

  /**
   * Whether the entry at {@code position} is due at {@code now}; always when {@code now} is null.
   */
  private boolean isDue(int position, Instant now) {
    return now == null
        || seconds[position] < now.getEpochSecond()
        || seconds[position] == now.getEpochSecond() && nanos[position] <= now.getNano();
  }

  private void place(int position, int slot, long second, int nano) {
    slots[position] = slot;
    seconds[position] = second;
    nanos[position] = nano;
    positions[slot] = position;
  }

  /** Moves the entry at {@code position} up while it is earlier than its parent. */
  private void siftUp(int position) {
    while (position > 0) {
      int parent = (position - 1) >>> 1;
      if (compare(position, parent) >= 0) {
        return;
      }
      swap(position, parent);
      position = parent;
    }
  }

  private void swap(int a, int b) {
    int slotA = slots[a];
    long secondA = seconds[a];
    int nanoA = nanos[a];
    place(a, slots[b], seconds[b], nanos[b]);
    place(b, slotA, secondA, nanoA);
  }

  private int compare(int a, int b) {
    int byTime =
        seconds[a] != seconds[b] ? Long.compare(seconds[a], seconds[b]) : nanos[a] - nanos[b];
    return byTime != 0 ? byTime : ids.apply(slots[a]).compareTo(ids.apply(slots[b]));
  }
}
