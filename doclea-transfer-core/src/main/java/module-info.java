/**
 * The transfer engine: {@link ai.doclea.transfer.Transfer} exports, imports, verifies, inspects
 * and compares stores and files. Requires the API module transitively, so a host application
 * needs only {@code requires ai.doclea.transfer;} plus the adapter modules it uses on its module
 * path (found through {@link java.util.ServiceLoader}, no {@code requires} needed).
 *
 * <p>{@code ai.doclea.transfer.internal} is not API; it is exported only to the test kit.
 *
 * @since 0.1.0
 */
module ai.doclea.transfer {
  requires transitive ai.doclea.transfer.api;
  requires com.google.gson;
  requires org.slf4j;

  exports ai.doclea.transfer;
  exports ai.doclea.transfer.internal to ai.doclea.transfer.testkit;
}
