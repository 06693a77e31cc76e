package ai.doclea.transfer.testkit.broken;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StorageBackendContractTest;
import ai.doclea.transfer.testkit.TransferContractTest;

/**
 * The contract tests run against the broken backends. The class names do not end in "Test", so
 * Surefire leaves them alone; {@code KitCatchesBrokenBackendsTest} launches them and expects them
 * to fail.
 */
final class Kits {
  private Kits() {}

  /** Storage contract on {@link BrokenBackends.RollbackCommits}. */
  public static class RollbackCommitsKit extends StorageBackendContractTest {
    @Override
    protected StorageBackend createBackend() {
      return new BrokenBackends.RollbackCommits();
    }

    // Enough tries that at least one generated transaction writes something visible: with 5,
    // every sample was occasionally a no-op and the defect went unnoticed (a flaky meta-test).
    @Override
    protected int tries() {
      return 40;
    }
  }

  /** Storage contract on {@link BrokenBackends.ReplaceKeepsVector}. */
  public static class ReplaceKeepsVectorKit extends StorageBackendContractTest {
    @Override
    protected StorageBackend createBackend() {
      return new BrokenBackends.ReplaceKeepsVector();
    }

    @Override
    protected int tries() {
      return 5;
    }
  }

  /** Storage contract on {@link BrokenBackends.LiveSnapshots}. */
  public static class LiveSnapshotsKit extends StorageBackendContractTest {
    @Override
    protected StorageBackend createBackend() {
      return new BrokenBackends.LiveSnapshots();
    }

    @Override
    protected int tries() {
      return 5;
    }
  }

  /** Storage contract on {@link BrokenBackends.ThreadBoundSnapshots}. */
  public static class ThreadBoundSnapshotsKit extends StorageBackendContractTest {
    @Override
    protected StorageBackend createBackend() {
      return new BrokenBackends.ThreadBoundSnapshots();
    }

    @Override
    protected int tries() {
      return 1;
    }
  }

  /** Storage contract on {@link BrokenBackends.UnstableOrder}. */
  public static class UnstableOrderKit extends StorageBackendContractTest {
    @Override
    protected StorageBackend createBackend() {
      return new BrokenBackends.UnstableOrder();
    }

    @Override
    protected int tries() {
      return 10;
    }
  }

  /** Transfer contract on {@link BrokenBackends.RollbackCommits}. */
  public static class RollbackCommitsTransferKit extends TransferContractTest {
    @Override
    protected StorageBackend createBackend() {
      return new BrokenBackends.RollbackCommits();
    }

    @Override
    protected int roundTripTries() {
      return 5;
    }

    @Override
    protected int tries() {
      return 20;
    }
  }

  /** Transfer contract on {@link BrokenBackends.LosesNullSummaries}. */
  public static class LosesNullSummariesTransferKit extends TransferContractTest {
    @Override
    protected StorageBackend createBackend() {
      return new BrokenBackends.LosesNullSummaries();
    }

    @Override
    protected int roundTripTries() {
      return 20;
    }

    @Override
    protected int tries() {
      return 5;
    }
  }
}
