/**
 * Small programs to copy: {@link ai.doclea.transfer.examples.FirstTransfer} (export and import
 * between two in-memory stores) and {@link ai.doclea.transfer.examples.NightlyBackup} (a host
 * application with its own backend configuration). Sub-packages hold a third-party storage adapter
 * ({@code jsonl}) and a custom conflict strategy ({@code strategy}).
 */
package ai.doclea.transfer.examples;
