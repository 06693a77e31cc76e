package ai.doclea.transfer.sqlite;

/**
 * Kill points for the crash tests: when the system property {@value #PROPERTY} names a point, the
 * JVM halts there at once (as {@code kill -9} would: no finally blocks, no shutdown hooks). Unset
 * in normal use, where {@link #halt} does nothing.
 */
final class TestHooks {
  static final String PROPERTY = "doclea.transfer.test.haltAt";

  private TestHooks() {}

  static void halt(String point) {
    if (point.equals(System.getProperty(PROPERTY))) {
      Runtime.getRuntime().halt(86);
    }
  }
}
