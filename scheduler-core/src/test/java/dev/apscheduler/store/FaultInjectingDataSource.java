package dev.apscheduler.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Hands out the connections of a real data source, through which a test breaks the database at a
 * chosen statement, or acts between two statements, or loses a chosen commit; it records every
 * statement executed. A broken database here is one whose statements fail.
 *
 * <p>Thread-safe.
 */
final class FaultInjectingDataSource implements DataSource {

  /** Statements that insert rows. */
  static final Predicate<String> INSERT = sql -> sql.startsWith("INSERT INTO");

  private final DataSource delegate;
  private final List<String> executed = new CopyOnWriteArrayList<>();
  private final AtomicReference<Predicate<String>> breakOn = new AtomicReference<>();
  private final AtomicInteger allowed = new AtomicInteger();
  private final AtomicReference<Predicate<String>> actAfter = new AtomicReference<>();
  private final AtomicReference<Predicate<String>> loseCommitOf = new AtomicReference<>();
  private volatile boolean broken;
  private volatile Runnable action;

  FaultInjectingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /**
   * Lets {@code executions} more statements matching {@code matching} run; the next one that
   * matches fails, and so does every statement after it, until {@link #heal()}.
   */
  void breakAfter(int executions, Predicate<String> matching) {
    allowed.set(executions);
    breakOn.set(matching);
  }

  /** Lets every statement run again. */
  void heal() {
    breakOn.set(null);
    broken = false;
  }

  /**
   * Runs {@code action} once, on the thread that executed it, right after the first query matching
   * {@code matching} has run (inside that query's transaction, before the next statement).
   */
  void afterQuery(Predicate<String> matching, Runnable action) {
    this.action = action;
    actAfter.set(matching);
  }

  /**
   * Makes the next commit of a transaction that executed a statement matching {@code matching}
   * fail: the transaction is rolled back and the commit throws, as when the connection drops during
   * the commit.
   */
  void loseNextCommitOf(Predicate<String> matching) {
    loseCommitOf.set(matching);
  }

  /** Whether the commit armed by {@link #loseNextCommitOf} has been lost yet. */
  boolean commitLost() {
    return loseCommitOf.get() == null;
  }

  /** The SQL of every statement executed so far, failed ones included. */
  List<String> executed() {
    return List.copyOf(executed);
  }

  /** Forgets the statements executed so far. */
  void clearExecuted() {
    executed.clear();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return connection(delegate.getConnection(username, password));
  }

  private Connection connection(Connection real) {
    List<String> transaction = new CopyOnWriteArrayList<>();
    return proxy(
        Connection.class,
        (method, args) -> {
          if (method.getName().equals("commit")) {
            Predicate<String> lose = loseCommitOf.get();
            if (lose != null
                && transaction.stream().anyMatch(lose)
                && loseCommitOf.compareAndSet(lose, null)) {
              transaction.clear();
              real.rollback();
              throw new SQLException("injected failure: the commit was lost", "08006");
            }
          }
          if (method.getName().equals("commit") || method.getName().equals("rollback")) {
            transaction.clear();
          }
          Object result = invoke(real, method, args);
          if (method.getName().equals("prepareStatement")) {
            return statement(
                PreparedStatement.class, (PreparedStatement) result, (String) args[0], transaction);
          }
          if (method.getName().equals("createStatement")) {
            return statement(Statement.class, (Statement) result, null, transaction);
          }
          return result;
        });
  }

  private <S extends Statement> S statement(
      Class<S> type, S real, String preparedSql, List<String> transaction) {
    return proxy(
        type,
        (method, args) -> {
          if (!method.getName().startsWith("execute")) {
            return invoke(real, method, args);
          }
          String sql = preparedSql != null ? preparedSql : String.valueOf(args[0]);
          executed.add(sql);
          transaction.add(sql);
          failIfBroken(sql);
          Object result = invoke(real, method, args);
          Predicate<String> after = actAfter.get();
          if (method.getName().equals("executeQuery")
              && after != null
              && after.test(sql)
              && actAfter.compareAndSet(after, null)) {
            action.run();
          }
          return result;
        });
  }

  private void failIfBroken(String sql) throws SQLException {
    Predicate<String> matching = breakOn.get();
    if (!broken && matching != null && matching.test(sql) && allowed.getAndDecrement() <= 0) {
      broken = true;
    }
    if (broken) {
      throw new SQLException("injected failure: the database is unreachable", "08006");
    }
  }

  /** A call on a wrapped JDBC object. */
  @FunctionalInterface
  private interface Call {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Call call) {
    InvocationHandler handler = (proxy, method, args) -> call.handle(method, args);
    return type.cast(
        Proxy.newProxyInstance(
            FaultInjectingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
