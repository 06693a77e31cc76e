package ai.doclea.transfer.testkit.broken;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/** The kit has teeth: run against backends with one defect each, the right checks fail. */
class KitCatchesBrokenBackendsTest {

  private static Set<String> failuresOf(Class<?> kit) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(kit))
        // A failing property would otherwise shrink its sample at length and print it.
        .configurationParameter("jqwik.shrinking.default", "OFF")
        .configurationParameter("jqwik.reporting.usejunitplatform", "true")
        .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    Set<String> failed = new TreeSet<>();
    listener.getSummary().getFailures()
        .forEach(f -> failed.add(f.getTestIdentifier().getDisplayName()));
    assertTrue(listener.getSummary().getTestsSucceededCount() > 0,
        "nothing of " + kit.getSimpleName() + " ran");
    return failed;
  }

  private static void assertCaught(Class<?> kit, String... checks) {
    Set<String> failed = failuresOf(kit);
    for (String check : checks) {
      assertTrue(failed.contains(check), kit.getSimpleName() + " should fail " + check
          + ", but failed only " + failed);
    }
  }

  @Example
  void rollbackThatCommitsIsCaught() {
    assertCaught(Kits.RollbackCommitsKit.class,
        "rollbackLeavesTheStoreExactlyAsBefore", "closeWithoutCommitRollsBack");
  }

  @Example
  void replaceThatKeepsTheVectorIsCaught() {
    assertCaught(Kits.ReplaceKeepsVectorKit.class, "replacingAMemoryDeletesItsVector");
  }

  @Example
  void snapshotThatReadsTheLiveStoreIsCaught() {
    assertCaught(Kits.LiveSnapshotsKit.class, "snapshotStaysConsistentWhileAnotherThreadCommits");
  }

  @Example
  void snapshotBoundToItsOpeningThreadIsCaught() {
    assertCaught(Kits.ThreadBoundSnapshotsKit.class,
        "aSnapshotOpenedOnOneThreadIsReadAndClosedOnAnother");
  }

  @Example
  void unstableStreamingOrderIsCaught() {
    assertCaught(Kits.UnstableOrderKit.class, "streamingOrderIsStable");
  }

  @Example
  void importThatIsNotRolledBackIsCaught() {
    assertCaught(Kits.RollbackCommitsTransferKit.class, "errorOnAnyConflictChangesNothing",
        "failingWriteLeavesTheStoreUnchanged", "dryRunChangesNothingAndCountsLikeARealImport");
  }

  @Example
  void lostNullsAreCaught() {
    assertCaught(Kits.LosesNullSummariesTransferKit.class,
        "exportImportExportIsByteIdenticalAndLossless", "roundTripThroughFilesIsLossless");
  }
}
