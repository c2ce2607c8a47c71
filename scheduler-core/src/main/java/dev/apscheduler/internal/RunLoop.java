package dev.apscheduler.internal;

import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.SchedulerState;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler's state and its loop: it runs a {@link DuePass}, sleeps until the next job is due
 * (at most {@link #MAX_WAIT}), and wakes early when a job changes. Wake-ups are coalesced: a burst
 * of changes wakes the sleeping loop once.
 *
 * <p>The loop never dies silently. An exception in a pass is logged and the pass retried after a
 * second; an error the JVM cannot recover from ({@link VirtualMachineError} other than a stack
 * overflow) moves the scheduler to {@link SchedulerState#FAILED}, which health checks report.
 *
 * <p>Thread-safe. State changes take a short lock that never covers store I/O or listener calls.
 */
public final class RunLoop {

  private static final System.Logger LOG = System.getLogger(RunLoop.class.getName());

  /** The longest the loop sleeps without looking at the stores, should a wake-up get lost. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /**
   * How long the loop lets changes gather after a wake-up before it looks at the stores: a burst of
   * jobs added due now is then handed over in batches, not one wake-up and one worker hand-off per
   * job. Short against any schedule's precision.
   */
  static final Duration GATHER = Duration.ofNanos(100_000);

  /** How long the loop waits after a failed pass. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final SchedulerOptions options;
  private final Clock clock;
  private final DuePass duePass;
  private final RunDispatcher dispatcher;

  private final Object stateLock = new Object();
  private volatile SchedulerState state = SchedulerState.STOPPED;
  // @GuardedBy("stateLock")
  private boolean starting;
  private volatile Thread loopThread;

  private final AtomicBoolean wakeUpRequested = new AtomicBoolean();

  /** When the sleeping loop wakes up by itself; {@code null} while it is not sleeping. */
  private volatile Instant sleepsUntil;

  /** Creates the loop over {@code stores}; {@code dispatcher} runs what the passes decide. */
  public RunLoop(
      SchedulerOptions options,
      Clock clock,
      StoreSet stores,
      RunDispatcher dispatcher,
      Listeners listeners) {
    this.options = options;
    this.clock = clock;
    this.dispatcher = dispatcher;
    this.duePass =
        new DuePass(
            clock,
            options.timezone(),
            stores,
            new RunPlanner(dispatcher, listeners),
            dispatcher,
            () -> state == SchedulerState.RUNNING);
  }

  /** The current state. */
  public SchedulerState state() {
    return state;
  }

  /**
   * Claims the start: from here until {@link #started} or {@link #startFailed}, another start is
   * refused.
   *
   * @throws IllegalStateException unless the scheduler is new
   */
  public void beginStart() {
    synchronized (stateLock) {
      if (state != SchedulerState.STOPPED || starting) {
        throw new IllegalStateException(
            "The scheduler is "
                + (starting ? "starting" : state)
                + "; start() is allowed once, on a new scheduler (build another one to restart)");
      }
      starting = true;
    }
  }

  /** Gives up a start that failed: the scheduler stays stopped. */
  public void startFailed() {
    synchronized (stateLock) {
      starting = false;
    }
  }

  /** Marks the scheduler running. */
  public void started() {
    synchronized (stateLock) {
      starting = false;
      state = SchedulerState.RUNNING;
    }
  }

  /**
   * Moves from {@code expected} to {@code next}.
   *
   * @throws IllegalStateException naming the operation, if the state is not {@code expected}
   */
  public void transition(SchedulerState expected, SchedulerState next, String operation) {
    synchronized (stateLock) {
      if (state != expected) {
        throw new IllegalStateException(
            operation + ": the scheduler is " + state + ", expected " + expected);
      }
      state = next;
    }
    wakeUp();
  }

  /**
   * Moves to {@link SchedulerState#SHUT_DOWN} and wakes the loop so that it ends.
   *
   * @return the state before, or {@code null} if it was shut down already
   */
  public SchedulerState beginShutdown() {
    SchedulerState before;
    synchronized (stateLock) {
      before = state;
      if (before == SchedulerState.SHUT_DOWN) {
        return null;
      }
      state = SchedulerState.SHUT_DOWN;
    }
    wakeUp();
    return before;
  }

  /**
   * Waits for the loop thread to end, at most {@code timeout}; interrupts it if it is still going
   * then (a listener stuck on it).
   */
  public void awaitLoopEnd(Duration timeout) {
    Thread thread = loopThread;
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
      if (thread.isAlive()) {
        LOG.log(
            Level.WARNING,
            "The scheduler loop did not stop within "
                + timeout
                + " (a listener may be stuck); interrupting it");
        thread.interrupt();
        thread.join(Math.max(1, timeout.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the loop on a thread of its own (embedded mode). */
  public void launch() {
    Thread thread = new Thread(this::loop, "apscheduler-loop");
    thread.setDaemon(options.daemonic());
    loopThread = thread;
    thread.start();
  }

  /** Runs the loop on the calling thread until no job is left (standalone mode) or shutdown. */
  public void runHere() {
    loopThread = Thread.currentThread();
    loop();
  }

  /**
   * One pass: every due run of every store is decided and handed to the executor.
   *
   * @return when the next job is due, or empty if none is (or the scheduler is not running)
   */
  public Optional<Instant> processDueJobs() {
    if (state != SchedulerState.RUNNING) {
      return Optional.empty();
    }
    return duePass.run();
  }

  /** Drops what the passes kept about a removed store. */
  public void forgetStore(String alias) {
    duePass.forget(alias);
  }

  /**
   * Wakes the loop now (coalesced with other wake-ups until the loop takes it). A wake-up already
   * requested is read, not written again: while the loop works through a stream of added jobs, the
   * adding threads then only read the flag's cache line instead of taking it from the loop's core
   * on every add.
   */
  public void wakeUp() {
    if (!wakeUpRequested.get() && !wakeUpRequested.getAndSet(true)) {
      Thread thread = loopThread;
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }

  /**
   * Wakes the loop for a job due at {@code next}, unless the loop sleeps and wakes by itself no
   * later than that: adding many future jobs costs no wake-up each.
   */
  public void wakeUpFor(Instant next) {
    Instant until = sleepsUntil;
    if (next == null || until == null || next.isBefore(until)) {
      wakeUp();
    }
  }

  private void loop() {
    LOG.log(Level.DEBUG, "Scheduler loop started");
    boolean ended = false;
    try {
      loopUntilStopped();
      ended = true;
    } finally {
      if (!ended) {
        fail();
      }
    }
  }

  private void loopUntilStopped() {
    while (true) {
      Optional<Instant> next;
      try {
        next = processDueJobs();
      } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
        LOG.log(
            Level.ERROR,
            "Error while processing jobs; retrying in " + RETRY_AFTER_FAILURE.toSeconds() + " s",
            e);
        next = Optional.of(clock.instant().plus(RETRY_AFTER_FAILURE));
      }
      SchedulerState current = state;
      if (current == SchedulerState.SHUT_DOWN || current == SchedulerState.FAILED) {
        return;
      }
      if (options.standalone()
          && current == SchedulerState.RUNNING
          && next.isEmpty()
          && dispatcher.runsInFlight() == 0
          && !wakeUpRequested.get()) {
        LOG.log(Level.INFO, "No jobs left; the standalone scheduler stops");
        return;
      }
      sleepUntil(next.orElse(null));
    }
  }

  private void sleepUntil(Instant next) {
    boolean woken = wakeUpRequested.get();
    if (!woken) {
      Instant now = clock.instant();
      Duration wait = next == null ? MAX_WAIT : Duration.between(now, next);
      if (wait.compareTo(MAX_WAIT) > 0) {
        wait = MAX_WAIT;
      }
      if (!wait.isNegative() && !wait.isZero()) {
        sleepsUntil = now.plus(wait);
        if (!wakeUpRequested.get()) {
          LockSupport.parkNanos(this, TimeUnit.NANOSECONDS.convert(wait));
        }
        sleepsUntil = null;
        woken = wakeUpRequested.get();
      }
    }
    if (woken && state == SchedulerState.RUNNING) {
      LockSupport.parkNanos(this, GATHER.toNanos());
    }
    if (Thread.interrupted() && state != SchedulerState.SHUT_DOWN) {
      LOG.log(Level.DEBUG, "The scheduler loop was interrupted; it goes on");
    }
    wakeUpRequested.set(false);
  }

  /** The loop died of an error it cannot recover from: no job runs any more, and it shows. */
  private void fail() {
    synchronized (stateLock) {
      if (state == SchedulerState.SHUT_DOWN) {
        return;
      }
      state = SchedulerState.FAILED;
    }
    LOG.log(
        Level.ERROR,
        "The scheduler loop died of an unrecoverable error (logged above or thrown to the thread's"
            + " handler); the scheduler is FAILED and runs no job: restart the application");
  }
}
