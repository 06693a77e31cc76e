package ai.doclea.transfer.sqlite;

/**
 * Kill points for the crash tests: when the system property {@value #PROPERTY} names a point, the
 * JVM halts there at once (as {@code kill -9} would: no finally blocks, no shutdown hooks). Unset
 * in normal use, where {@link #halt} does nothing. And points where a test runs an action of its
 * own ({@link #run}), none in normal use.
 */
final class TestHooks {
  static final String PROPERTY = "doclea.transfer.test.haltAt";

  private TestHooks() {}

  /** The actions tests run at named points; empty in normal use. */
  static final java.util.Map<String, Runnable> ACTIONS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Runs the action at {@code point + ":" + detail}; nothing to build when no test set one. */
  static void run(String point, String detail) {
    if (!ACTIONS.isEmpty()) {
      run(point + ":" + detail);
    }
  }

  static void run(String point) {
    Runnable action = ACTIONS.get(point);
    if (action != null) {
      action.run();
    }
  }

  static void halt(String point) {
    if (point.equals(System.getProperty(PROPERTY))) {
      Runtime.getRuntime().halt(86);
    }
  }
}
