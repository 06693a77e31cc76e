/**
 * The adapter test kit: abstract contract tests that every storage adapter extends with one factory
 * method ({@link ai.doclea.transfer.testkit.StorageBackendContractTest} for the SPI itself, {@link
 * ai.doclea.transfer.testkit.TransferContractTest} for the adapter together with {@code Transfer}),
 * plus the building blocks they use: jqwik {@link ai.doclea.transfer.testkit.Generators}, {@link
 * ai.doclea.transfer.testkit.StoreContent} to read and compare whole stores, and fault injection
 * ({@link ai.doclea.transfer.testkit.FaultInjectingBackend}, {@link
 * ai.doclea.transfer.testkit.FailingOutputStream}). Add the jar with test scope.
 */
package ai.doclea.transfer.testkit;
