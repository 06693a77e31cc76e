package ai.doclea.transfer.postgresql;

import java.util.List;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * Gives the schemas a contract test took from {@link TestPostgres#cleanSchema} back after every
 * try, so that the next try reuses them instead of creating new ones.
 *
 * <p>A hook rather than an {@code @AfterTry} method of the test class: jqwik looks for the
 * lifecycle methods of a try in the try's container and the classes that enclose it, and the
 * kit's {@code @Group} classes are inner classes of the kit's abstract class, not of the adapter's
 * subclass; an {@code @AfterTry} method there ran only after the few tries outside the groups.
 * Every other try created a schema of its own (eight tables and their indexes), about 400 in
 * all, and the catalog look-ups of every later connection grew with them.
 *
 * <p>Its proximity puts it outside the kit's {@code @AfterTry} methods, so the kit has closed the
 * try's backends before the schemas are emptied.
 */
final class SchemasAfterTry implements AroundTryHook {

  /** A test class whose tries take schemas from {@link TestPostgres#cleanSchema}. */
  interface SchemaUser {
    /** Gives every schema taken since the last call back with {@link TestPostgres#release}. */
    void releaseSchemas();
  }

  @Override
  public int aroundTryProximity() {
    // Lifecycle methods (@BeforeTry, @AfterTry) run at -10; lower runs further outside.
    return -20;
  }

  @Override
  public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aroundTry,
      List<Object> parameters) throws Throwable {
    TryExecutionResult result;
    try {
      result = aroundTry.execute(parameters);
    } catch (Throwable failure) {
      try {
        release(context);
      } catch (RuntimeException releaseFailure) {
        failure.addSuppressed(releaseFailure);
      }
      throw failure;
    }
    try {
      release(context);
    } catch (RuntimeException releaseFailure) {
      if (result.isSatisfied()) {
        return TryExecutionResult.falsified(releaseFailure);
      }
      result.throwable().ifPresent(t -> t.addSuppressed(releaseFailure));
    }
    return result;
  }

  private static void release(TryLifecycleContext context) {
    for (Object instance : context.testInstances()) {
      if (instance instanceof SchemaUser) {
        ((SchemaUser) instance).releaseSchemas();
      }
    }
  }
}
