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
 * The JSON text of job documents, written and read with a Jackson 3 {@link JsonMapper}: the only
 * class of the core that touches Jackson, loaded only when a persistent store needs JSON. The
 * Spring module passes one built on the application's {@code JsonMapper}.
 *
 * <p>Thread-safe (the mapper is immutable).
 */
public final class JacksonJsonCodec implements JsonCodec {

  private static final class Default {
    static final JacksonJsonCodec INSTANCE = of(JsonMapper.builder().build());
  }

  private final JsonMapper mapper;

  private JacksonJsonCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * A codec using {@code mapper}'s configuration, with decimals read exactly (as {@code
   * BigDecimal}, then narrowed where nothing is lost).
   */
  public static JacksonJsonCodec of(JsonMapper mapper) {
    return new JacksonJsonCodec(
        mapper.rebuild().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build());
  }

  /** The codec used when the scheduler is given none. */
  static JacksonJsonCodec defaultCodec() {
    return Default.INSTANCE;
  }

  @Override
  public String write(Map<String, Object> document) {
    try {
      return mapper.writeValueAsString(document);
    } catch (JacksonException e) {
      throw new JobStoreException("A job document cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, Object> read(String json) {
    Object tree;
    try {
      tree = mapper.readValue(json, Object.class);
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
