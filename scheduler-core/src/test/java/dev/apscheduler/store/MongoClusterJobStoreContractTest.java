package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.FaultyMongo.Fault;
import dev.apscheduler.store.mongodb.MongoJobStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a MongoDB store in cluster mode, whose due passes claim and commit; and due
 * passes whose writes fail (through a client that fails the calls it is told to): a failed claim, a
 * run recorded already, a claim taken over mid-pass, a commit that fails before or after it reaches
 * the server. None runs a fire time twice, none loses the job.
 */
class MongoClusterJobStoreContractTest extends MongoJobStoreContractTest {

  private final FaultyMongo faults = new FaultyMongo();
  private MongoClient client;
  private MongoCollection<Document> jobs;
  private MongoCollection<Document> running;

  @BeforeEach
  void connect() {
    client = MongoClients.create(url);
    jobs = client.getDatabase("test").getCollection(collection);
    running = client.getDatabase("test").getCollection(collection + "_running");
  }

  @AfterEach
  void disconnect() {
    running.deleteMany(new Document());
    client.close();
  }

  @Override
  protected JobStore newStore() {
    return MongoJobStore.builder(url, "test")
        .collection(collection)
        .cluster("contract-node")
        .build();
  }

  /** A started store of node "faulty", whose calls fail as {@link #faults} plans. */
  private JobStore faultyStore() {
    return started(
        MongoJobStore.builder(faults.wrap(client), "test")
            .collection(collection)
            .cluster("faulty")
            .heartbeatInterval(Duration.ofMillis(200))
            .build(),
        tasks);
  }

  /** One due pass that runs job "due" once (fire time T0) and moves it to T0 + 60 s. */
  private int passRunningDue(JobStore s, AtomicInteger decided) {
    return s.processDueJobs(
        T0.plusSeconds(1),
        10,
        (job, runningInstances) -> {
          decided.incrementAndGet();
          return new DueJobProcessor.Outcome(job.withRuns(job.runs() + 1, T0.plusSeconds(60)), T0);
        });
  }

  private void assertDueAgainAndRunsOnce(JobStore s) {
    assertThat(s.lookupJob("due").orElseThrow().nextRunTime()).isEqualTo(T0);
    AtomicInteger decided = new AtomicInteger();
    assertThat(passRunningDue(s, decided)).isEqualTo(1);
    assertThat(s.lookupJob("due").orElseThrow().nextRunTime()).isEqualTo(T0.plusSeconds(60));
    assertThat(running.countDocuments(Filters.eq("job_id", "due"))).isEqualTo(1);
  }

  @Test
  void aPassRecordsItsRunsAndTheirEndReleasesThem() {
    store.addJob(job("due", T0));

    assertThat(passRunningDue(store, new AtomicInteger())).isEqualTo(1);
    assertThat(running.countDocuments(Filters.eq("job_id", "due"))).isEqualTo(1);
    assertThat(jobs.find(Filters.eq("_id", "due")).first()).doesNotContainKey("lease_owner");

    store.runFinished(store.lookupJob("due").orElseThrow(), T0);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> running.countDocuments() == 0);
  }

  @Test
  void aFailedClaimStartsNoRunAndLeavesTheJobDue() {
    JobStore s = faultyStore();
    try {
      s.addJob(job("due", T0));
      faults.fail(collection, "updateMany", Fault.AFTER);

      assertThatThrownBy(() -> passRunningDue(s, new AtomicInteger()))
          .isInstanceOf(JobStoreException.class);

      assertThat(running.countDocuments()).isZero();
      assertDueAgainAndRunsOnce(s);
    } finally {
      s.close();
    }
  }

  @Test
  void aFireTimeRecordedAlreadyIsNotStartedAgainAndTheJobStays() {
    store.addJob(job("due", T0));
    running.insertOne(
        new Document("job_id", "due")
            .append("fire_time", JobCodec.toEpochMicros(T0))
            .append("node", "other")
            .append("incarnation", "x")
            .append("started", 0L)
            .append("pass", "other:pass"));

    assertThatThrownBy(() -> passRunningDue(store, new AtomicInteger()))
        .isInstanceOf(JobStoreException.class);

    assertThat(store.lookupJob("due").orElseThrow().nextRunTime()).isEqualTo(T0);
    running.deleteMany(new Document());
    assertDueAgainAndRunsOnce(store);
  }

  @Test
  void aClaimTakenOverWhileThePassDecidesWritesNothing() {
    store.addJob(job("due", T0));

    assertThatThrownBy(
            () ->
                store.processDueJobs(
                    T0.plusSeconds(1),
                    10,
                    (job, runningInstances) -> {
                      // the pass's lease ran out and another node took the job
                      jobs.updateOne(
                          Filters.eq("_id", "due"), Updates.set("lease_owner", "other:token"));
                      return new DueJobProcessor.Outcome(
                          job.withRuns(job.runs() + 1, T0.plusSeconds(60)), T0);
                    }))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("ran out");

    assertThat(running.countDocuments()).isZero();
    Document stored = jobs.find(Filters.eq("_id", "due")).first();
    assertThat(stored.getString("lease_owner")).isEqualTo("other:token");
    assertThat(store.lookupJob("due").orElseThrow().nextRunTime()).isEqualTo(T0);
  }

  @Test
  void aCommitThatFailsBeforeReachingTheServerIsWrittenAgain() {
    JobStore s = faultyStore();
    try {
      s.addJob(job("due", T0));
      faults.fail(collection, "bulkWrite", Fault.BEFORE);
      AtomicInteger decided = new AtomicInteger();

      assertThat(passRunningDue(s, decided)).isEqualTo(1);

      assertThat(decided).hasValue(1);
      assertThat(s.lookupJob("due").orElseThrow().nextRunTime()).isEqualTo(T0.plusSeconds(60));
      assertThat(running.countDocuments(Filters.eq("job_id", "due"))).isEqualTo(1);
    } finally {
      s.close();
    }
  }

  @Test
  void aCommitWhoseReplyIsLostButWhichHappenedLetsItsRunsGoAhead() {
    JobStore s = faultyStore();
    try {
      s.addJob(job("due", T0));
      faults.fail(collection, "bulkWrite", Fault.AFTER);

      assertThat(passRunningDue(s, new AtomicInteger())).isEqualTo(1);

      Job stored = s.lookupJob("due").orElseThrow();
      assertThat(stored.nextRunTime()).isEqualTo(T0.plusSeconds(60));
      assertThat(stored.runs()).as("written once").isEqualTo(job("due", T0).runs() + 1);
    } finally {
      s.close();
    }
  }

  @Test
  void aCommitThatKeepsFailingStartsNoRunAndTheJobIsDecidedAgain() {
    JobStore s = faultyStore();
    try {
      s.addJob(job("due", T0));
      for (int i = 0; i < 1000; i++) {
        faults.fail(collection, "bulkWrite", Fault.BEFORE);
      }

      assertThatThrownBy(() -> passRunningDue(s, new AtomicInteger()))
          .isInstanceOf(JobStoreException.class);

      assertThat(running.countDocuments()).as("the pass's records are deleted").isZero();
      faults.clear(collection, "bulkWrite");
      assertDueAgainAndRunsOnce(s);
    } finally {
      s.close();
    }
  }

  @Test
  void aJobHeldByAnotherNodesPassCountsFromTheLeaseEndAndWritesWaitForIt() {
    store.addJob(job("held", T0));
    long leaseEnd = JobCodec.toEpochMicros(java.time.Instant.now().plusMillis(300));
    jobs.updateOne(
        Filters.eq("_id", "held"),
        Updates.combine(
            Updates.set("lease_owner", "other:token"), Updates.set("lease_until", leaseEnd)));

    assertThat(store.getNextRunTime()).contains(JobCodec.fromEpochMicros(leaseEnd));
    assertThat(store.lookupJob("held").orElseThrow().nextRunTime())
        .as("readers see the real next run time")
        .isEqualTo(T0);
    assertThat(store.processDueJobs(T0.plusSeconds(1), 10, (job, n) -> null))
        .as("another node's pass holds it")
        .isZero();

    long begun = System.nanoTime();
    store.removeJob("held");

    assertThat(Duration.ofNanos(System.nanoTime() - begun)).isGreaterThan(Duration.ofMillis(100));
    assertThat(store.lookupJob("held")).isEmpty();
  }

  @Test
  void runNowCountsTheRunsRecordedOnEveryNode() {
    Job job = job("manual", T0.plusSeconds(3600)).toBuilder().maxInstances(1).build();
    store.addJob(job);

    assertThat(store.tryStartRun(job, T0)).isTrue();
    assertThat(store.tryStartRun(job, T0.plusSeconds(1))).isFalse();

    store.runFinished(job, T0);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> store.tryStartRun(job, T0.plusSeconds(2)));
    assertThat(running.countDocuments()).isEqualTo(1);
    assertThat(List.of(jobs.find(Filters.eq("_id", "manual")).first()))
        .allSatisfy(d -> assertThat(d).doesNotContainKey("lease_owner"));
  }
}
