package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only class that touches Jackson: loaded when a persistent store first writes or reads JSON,
 * after {@link JobCodec#requireJackson()} has checked that Jackson is there.
 *
 * <p>Thread-safe (the mapper is immutable).
 */
final class JsonText {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private JsonText() {}

  static String write(Map<String, Object> document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JacksonException e) {
      throw new JobStoreException("A job document cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> read(String json) {
    Object tree;
    try {
      tree = MAPPER.readValue(json, Object.class);
    } catch (JacksonException e) {
      throw new JobStoreException("A stored job document is not valid JSON: " + e.getMessage(), e);
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new JobStoreException("A stored job document is not a JSON object: " + json);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> document = (Map<String, Object>) normalize(tree);
    return document;
  }

  /** Read-only copies, with decimals as {@code Double} where that loses nothing. */
  private static Object normalize(Object value) {
    if (value instanceof BigDecimal decimal) {
      double d = decimal.doubleValue();
      return Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(decimal) == 0
          ? (Object) d
          : decimal;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(normalize(element));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put((String) entry.getKey(), normalize(entry.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    return value;
  }
}
