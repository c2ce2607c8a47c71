package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The id index where hashing does not help: ids whose string hashes are all equal (made of "Aa" and
 * "BB", which hash alike) share one probe run, so every lookup compares ids and every removal moves
 * the rest of the run back.
 */
class IdIndexTest {

  private final List<String> ids = new ArrayList<>();
  private final IdIndex index = new IdIndex(ids::get);

  @Test
  void idsWithEqualHashesAreFoundAddedAndRemovedOneByOne() {
    List<String> colliding = colliding(10); // 1,024 ids, one hash
    assertThat(colliding.stream().map(String::hashCode).distinct()).hasSize(1);
    for (String id : colliding) {
      assertThat(index.find(id)).isEqualTo(-1);
      ids.add(id);
      index.add(id, ids.size() - 1);
    }
    for (int slot = 0; slot < ids.size(); slot += 2) {
      assertThat(index.remove(ids.get(slot))).isEqualTo(slot);
    }
    for (int slot = 0; slot < ids.size(); slot++) {
      assertThat(index.find(ids.get(slot)))
          .as("id %s", ids.get(slot))
          .isEqualTo(slot % 2 == 0 ? -1 : slot);
    }
    assertThat(index.remove(ids.get(0))).isEqualTo(-1);
  }

  @Test
  void aClearedIndexFindsNothingAndTakesIdsAgain() {
    ids.add("job-1");
    index.add("job-1", 0);
    index.clear();
    assertThat(index.find("job-1")).isEqualTo(-1);
    index.add("job-1", 0);
    assertThat(index.find("job-1")).isZero();
  }

  /** The 2^n strings of n blocks, each "Aa" or "BB": all with the same {@code hashCode}. */
  private static List<String> colliding(int blocks) {
    List<String> all = List.of("");
    for (int i = 0; i < blocks; i++) {
      List<String> longer = new ArrayList<>();
      for (String prefix : all) {
        longer.add(prefix + "Aa");
        longer.add(prefix + "BB");
      }
      all = longer;
    }
    return all;
  }
}
