package dev.apscheduler.store.jdbc;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} for cluster mode: a node announces each job it adds or changes
 * on a channel named after the table, and every node listens on it with a connection of its own and
 * wakes its scheduler, so new jobs start at once on any node instead of at the next poll. The
 * driver's {@code PGConnection.getNotifications} is reached by reflection, so the core needs the
 * PostgreSQL driver only where PostgreSQL is used.
 *
 * <p>Thread-safe.
 */
final class PostgresChangeListener {

  private static final System.Logger LOG = System.getLogger(PostgresChangeListener.class.getName());
  private static final int RECEIVE_MILLIS = 500;

  private final DataSource dataSource;
  private final String channel;
  private final Runnable wakeUp;
  private final String description;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Thread thread;

  PostgresChangeListener(DataSource dataSource, String table, Runnable wakeUp, String description) {
    this.dataSource = dataSource;
    this.channel = table.replace('.', '_') + "_changes";
    this.wakeUp = wakeUp;
    this.description = description;
  }

  /** Announces a change, in the caller's transaction (delivered when it commits). */
  void announce(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("NOTIFY " + channel);
    }
  }

  synchronized void start(String nodeId) {
    thread = new Thread(this::listen, "apscheduler-listen-" + nodeId);
    thread.setDaemon(true);
    thread.start();
  }

  synchronized void stop() {
    stopped.countDown();
    if (thread != null) {
      try {
        thread.join(2 * RECEIVE_MILLIS + 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  private void listen() {
    boolean failing = false;
    while (stopped.getCount() > 0) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        Class<?> pgConnection = Class.forName("org.postgresql.PGConnection");
        Object pg = c.unwrap(pgConnection);
        Method receive = pgConnection.getMethod("getNotifications", int.class);
        if (failing) {
          LOG.log(Level.INFO, description + ": listening for changes again");
          failing = false;
        }
        while (stopped.getCount() > 0) {
          Object[] notifications = (Object[]) receive.invoke(pg, RECEIVE_MILLIS);
          if (notifications != null && notifications.length > 0) {
            wakeUp.run();
          }
        }
      } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
        if (!failing && stopped.getCount() > 0) {
          LOG.log(
              Level.WARNING,
              description + ": listening for changes failed, polling meanwhile, retrying: " + e);
          failing = true;
        }
        try {
          stopped.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }
}
