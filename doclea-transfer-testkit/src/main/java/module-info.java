/**
 * The contract tests every storage adapter runs: subclass {@link
 * ai.doclea.transfer.testkit.StorageBackendContractTest} and {@link
 * ai.doclea.transfer.testkit.TransferContractTest}. The package is open so that JUnit and jqwik
 * can run the inherited test methods from the adapter's test classes, wherever those live.
 *
 * @since 0.1.0
 */
module ai.doclea.transfer.testkit {
  requires transitive ai.doclea.transfer;
  requires transitive ai.doclea.transfer.api;
  requires transitive org.junit.jupiter.api;
  requires transitive net.jqwik.api;
  requires com.google.gson;

  exports ai.doclea.transfer.testkit;
  opens ai.doclea.transfer.testkit;
}
