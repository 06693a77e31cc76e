/**
 * An example custom conflict strategy, {@code newest-wins}, found by name through {@code
 * META-INF/services/ai.doclea.transfer.spi.ConflictStrategy}.
 */
package ai.doclea.transfer.examples.strategy;
