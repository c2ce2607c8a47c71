package dev.apscheduler.store;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A MongoDB client whose collections fail the calls they are told to: a failure before the call (it
 * never reaches the server) or after it (it happened, but its reply is lost). Thread-safe.
 */
final class FaultyMongo {

  /** Where a call fails. */
  enum Fault {
    BEFORE,
    AFTER
  }

  private final Map<String, Queue<Fault>> faults = new ConcurrentHashMap<>();

  /** Makes the next call of {@code method} on collection {@code collection} fail so. */
  void fail(String collection, String method, Fault fault) {
    faults
        .computeIfAbsent(collection + "." + method, k -> new ConcurrentLinkedQueue<>())
        .add(fault);
  }

  /** Drops the faults still planned for {@code method} on {@code collection}. */
  void clear(String collection, String method) {
    faults.remove(collection + "." + method);
  }

  /** {@code real}, with the faults planned here. */
  MongoClient wrap(MongoClient real) {
    return proxy(
        MongoClient.class,
        (p, m, args) -> {
          Object result = invoke(real, m, args);
          return result instanceof MongoDatabase db ? database(db) : result;
        });
  }

  private MongoDatabase database(MongoDatabase real) {
    return proxy(
        MongoDatabase.class,
        (p, m, args) -> {
          Object result = invoke(real, m, args);
          return result instanceof MongoCollection<?> c ? collection(c) : result;
        });
  }

  private MongoCollection<?> collection(MongoCollection<?> real) {
    String name = real.getNamespace().getCollectionName();
    return proxy(
        MongoCollection.class,
        (p, m, args) -> {
          Queue<Fault> planned = faults.get(name + "." + m.getName());
          Fault fault = planned == null ? null : planned.poll();
          if (fault == Fault.BEFORE) {
            throw injected();
          }
          Object result = invoke(real, m, args);
          if (fault == Fault.AFTER) {
            throw injected();
          }
          return result;
        });
  }

  private static MongoSocketReadException injected() {
    return new MongoSocketReadException("injected failure", new ServerAddress());
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
