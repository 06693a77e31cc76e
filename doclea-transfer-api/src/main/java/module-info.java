/**
 * The public API of doclea-transfer: the records of the six kinds, options, results and exceptions
 * ({@code ai.doclea.transfer.api}, what host applications use), and the service-provider
 * interface for storage adapters, conflict strategies and embedding providers ({@code
 * ai.doclea.transfer.spi}, what adapter authors implement). The API package imports nothing from
 * the SPI package; the SPI builds on the API's records. The module requires no library.
 *
 * <p>Finding the implementations ({@link java.util.ServiceLoader}) is the core's job: see {@code
 * ai.doclea.transfer.Stores} and {@code ai.doclea.transfer.Providers} in {@code
 * doclea-transfer-core}.
 *
 * @since 0.1.0
 */
module ai.doclea.transfer.api {
  exports ai.doclea.transfer.api;
  exports ai.doclea.transfer.spi;
}
