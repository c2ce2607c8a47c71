/**
 * The engine behind {@link dev.apscheduler.Scheduler}; not API. Classes here may change in any
 * release: use the {@code Scheduler} facade. Only the classes the facade wires together are public;
 * the rest are package-private.
 *
 * <ul>
 *   <li>{@link dev.apscheduler.internal.Lifecycle}: start and shutdown (with its timeout).
 *   <li>{@link dev.apscheduler.internal.RunLoop}: state, the loop thread and its wake-up; each pass
 *       is a {@code DuePass} over the stores, deciding each due job with the {@code RunPlanner}
 *       (misfire, coalesce, max runs, max instances) on a bounded listing ({@code DueRuns}).
 *   <li>{@link dev.apscheduler.internal.RunDispatcher}: reserves instances, hands runs to the pool,
 *       reports their outcome and lets shutdown wait for them.
 *   <li>{@link dev.apscheduler.internal.JobRegistry}: adds, finds, changes and removes jobs (with
 *       the {@code JobFactory} and the tentative {@code PendingJobs}); {@link
 *       dev.apscheduler.internal.JobListing} lists them.
 *   <li>{@link dev.apscheduler.internal.StoreSet} and {@link dev.apscheduler.internal.Listeners}:
 *       the stores by alias, and the listeners with their masks.
 * </ul>
 */
package dev.apscheduler.internal;
