package org.san2n.scijava;

import org.scijava.event.EventHandler;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Keeps a failed SAN2N command to the one log line it wrote itself. When a command throws, SciJava's
 * ModuleRunner publishes a ModuleErroredEvent and, if nobody consumes it, logs "Command errored" with the
 * whole stack trace. A {@link CommandFailedException} is a failure the command has already reported in one
 * line (a bad setting, a refused output): this consumes its event, so the log does not bury that line under
 * a trace; every other error is left to SciJava.
 */
@Plugin(type = Service.class)
public final class FailureLog extends AbstractService implements SciJavaService {

	@EventHandler
	void onError(ModuleErroredEvent event) {
		for (Throwable t = event.getException(); t != null; t = t.getCause())
			if (t instanceof CommandFailedException) {
				event.consume();
				return;
			}
	}
}
