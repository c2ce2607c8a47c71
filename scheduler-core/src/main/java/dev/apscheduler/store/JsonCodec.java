package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;
import java.util.Map;

/**
 * Turns job documents ({@link JobCodec}'s maps of strings, numbers, booleans, lists and maps) into
 * JSON text and back, for the persistent stores. The default is {@link JacksonJsonCodec} on a plain
 * Jackson 3 mapper.
 *
 * <p>Implementations must be thread-safe.
 */
public interface JsonCodec {

  /**
   * Writes a document as JSON text.
   *
   * @throws JobStoreException if a value cannot be written
   */
  String write(Map<String, Object> document);

  /**
   * Reads a JSON object back, numbers as the smallest fitting {@code Integer}, {@code Long}, {@code
   * BigInteger}, or {@code Double} ({@code BigDecimal} where a double would lose digits).
   *
   * @throws JobStoreException if the text is not a JSON object
   */
  Map<String, Object> read(String json);
}
