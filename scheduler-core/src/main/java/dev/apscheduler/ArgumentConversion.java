package dev.apscheduler;

import java.util.List;
import java.util.Map;

/**
 * Fits stored argument values to method parameter types: JSON brings numbers back as the smallest
 * fitting type, so an {@code int} argument may need to become a {@code long} and so on.
 */
final class ArgumentConversion {

  private static final Map<Class<?>, Class<?>> BOXES =
      Map.of(
          int.class, Integer.class,
          long.class, Long.class,
          double.class, Double.class,
          float.class, Float.class,
          boolean.class, Boolean.class,
          short.class, Short.class,
          byte.class, Byte.class,
          char.class, Character.class);

  private ArgumentConversion() {}

  /** The converted values, or {@code null} if some value does not fit its parameter. */
  static Object[] convert(List<Object> args, Class<?>[] types) {
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Object value = args.get(i);
      Class<?> type = types[i].isPrimitive() ? BOXES.get(types[i]) : types[i];
      if (value == null) {
        if (types[i].isPrimitive()) {
          return null;
        }
        values[i] = null;
      } else if (type.isInstance(value)) {
        values[i] = value;
      } else if (value instanceof Number number && Number.class.isAssignableFrom(type)) {
        Object converted = convertNumber(number, type);
        if (converted == null) {
          return null;
        }
        values[i] = converted;
      } else {
        return null;
      }
    }
    return values;
  }

  private static Object convertNumber(Number number, Class<?> type) {
    if (type == Long.class) {
      return number.longValue();
    }
    if (type == Integer.class && number.longValue() == number.intValue()) {
      return number.intValue();
    }
    if (type == Double.class) {
      return number.doubleValue();
    }
    if (type == Float.class) {
      return number.floatValue();
    }
    if (type == Short.class && number.longValue() == number.shortValue()) {
      return number.shortValue();
    }
    if (type == Byte.class && number.longValue() == number.byteValue()) {
      return number.byteValue();
    }
    return null;
  }
}
