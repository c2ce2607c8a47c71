package dev.apscheduler.benchmarks;

/** One end-to-end scenario of the harness: runs every system and records into the table. */
interface Scenario {

  /** The name given on the command line. */
  String name();

  /** Runs the scenario, at reduced size when {@code quick}. */
  void run(boolean quick, ResultTable table) throws Exception;
}
