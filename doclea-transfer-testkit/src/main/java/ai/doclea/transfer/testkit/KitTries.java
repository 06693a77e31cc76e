package ai.doclea.transfer.testkit;

import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the tries of every kit property from the contract test instance, so that an adapter author
 * tunes them by overriding a method instead of copying annotations.
 */
final class KitTries implements AroundPropertyHook {

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context,
      PropertyExecutor property) {
    if (!context.targetMethod().isAnnotationPresent(Property.class)) {
      return property.execute();
    }
    for (Object instance : context.testInstances()) {
      Integer tries = null;
      if (instance instanceof TransferContractTest) {
        tries = ((TransferContractTest) instance).triesFor(context.containerClass());
      } else if (instance instanceof StorageBackendContractTest) {
        tries = ((StorageBackendContractTest) instance).triesFor(context.containerClass());
      }
      if (tries != null) {
        if (tries < 1) {
          throw new IllegalArgumentException("tries must be positive, but "
              + instance.getClass().getName() + " asks for " + tries + " in "
              + context.label());
        }
        context.attributes().setTries(tries);
      }
    }
    return property.execute();
  }
}
