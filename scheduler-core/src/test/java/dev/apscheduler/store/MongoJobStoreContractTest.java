package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.mongodb.MongoJobStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Runs against an in-process MongoDB wire-protocol server ({@link TestServices#mongoUrl()}). */
class MongoJobStoreContractTest extends AtomicWritesContractTest {

  protected final String collection = "jobs_" + UUID.randomUUID().toString().replace("-", "");
  protected final String url = TestServices.mongoUrl();

  @Override
  protected JobStore newStore() {
    return MongoJobStore.builder(url, "test").collection(collection).build();
  }

  @Override
  protected void writeRawDocument(String id, Instant nextRunTime, String json) {
    try (MongoClient client = MongoClients.create(url)) {
      client
          .getDatabase("test")
          .getCollection(collection)
          .insertOne(
              new Document("_id", id)
                  .append("name", id)
                  .append("next_run_time", JobCodec.toEpochMicros(nextRunTime))
                  .append("format_version", 2)
                  .append("document", json));
    }
  }

  @Test
  void aBatchThatFailsPartWayIsRemovedAgain() {
    Job tooLarge =
        job("too-large", T0).toBuilder()
            .kwargs(Map.of("blob", "x".repeat(17 * 1024 * 1024)))
            .build();

    assertThatThrownBy(
            () -> store.addJobs(List.of(job("a", T0), job("b", T0), tooLarge, job("c", T0))))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("add jobs");
    assertThat(store.countJobs()).isZero();
  }

  @Test
  void conditionalUpdateAppliesToDocumentsStoredWithoutRunsAndPausedFields() {
    Job stored = job("older", T0);
    store.addJob(stored);
    try (MongoClient client = MongoClients.create(url)) {
      client
          .getDatabase("test")
          .getCollection(collection)
          .updateOne(
              Filters.eq("_id", "older"),
              Updates.combine(Updates.unset("runs"), Updates.unset("paused")));
    }
    Job stale = stored.withRuns(stored.runs() + 1, T0.plusSeconds(60));
    Job renamed = stored.toBuilder().name("renamed").build();

    assertThat(store.updateJobIfUnchanged(stale, stale.toBuilder().name("stale").build()))
        .isFalse();
    assertThat(store.updateJobIfUnchanged(stored, renamed)).isTrue();
    assertThat(store.lookupJob("older")).contains(renamed);
  }
}
