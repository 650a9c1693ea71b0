package org.san2n.cli;

import java.io.PrintWriter;

import org.san2n.progress.CancelledException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar san2n.jar COMMAND …}: the command line for pipelines. */
@Command(name = "san2n", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = "Self-supervised spatio-angular Noise2Noise denoising of diffusion MRI (SAN2N).",
		subcommands = { InfoCommand.class, PairsCommand.class, SimulateCommand.class, EvaluateCommand.class,
				MaskCommand.class, NoiseCommand.class, TrainCommand.class, DenoiseCommand.class, BidsCommand.class, SlurmCommand.class, FigureCommand.class, DevicesCommand.class,
				CommandLine.HelpCommand.class })
public final class San2nCli implements Runnable {

	@Override
	public void run() {
		throw new CommandLine.ParameterException(new CommandLine(this), "name a command, e.g. 'san2n info FILE'");
	}

	public static void main(String[] args) {
		FrugalHeap.apply();
		int code = run(args);
		System.out.flush();
		System.err.flush();
		// After Ctrl-C or SIGTERM the JVM is already shutting down: System.exit would wait for the shutdown
		// hooks, one of which (TerminalProgress) waits for this thread. The work is done and cleaned up: end now.
		if (shuttingDown()) Runtime.getRuntime().halt(code);
		System.exit(code);
	}

	private static boolean shuttingDown() {
		Thread probe = new Thread(() -> {});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		} catch (IllegalStateException e) {
			return true;
		}
	}

	/** Runs a command line and returns its exit code: 0 success, 1 failure, 2 bad usage, 130 cancelled. */
	public static int run(String... args) {
		// DJL must not try to download natives: they come with the jar's classpath (or PYTORCH_LIBRARY_PATH).
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		CommandLine cli = new CommandLine(new San2nCli());
		// The job settings' options are made from their one declaration (org.san2n.job.Settings).
		DeclaredOptions.addTo(cli.getSubcommands().get("denoise").getCommandSpec(), DenoiseCommand.SETTINGS);
		DeclaredOptions.addTo(cli.getSubcommands().get("train").getCommandSpec(), TrainCommand.SETTINGS);
		DeclaredOptions.addTo(cli.getSubcommands().get("bids").getCommandSpec(), org.san2n.study.StudyRequest.SETTINGS);
		DeclaredOptions.addTo(cli.getSubcommands().get("slurm").getCommandSpec(), org.san2n.study.StudyRequest.SETTINGS);
		DeclaredOptions.addTo(cli.getSubcommands().get("pairs").getCommandSpec(), DeclaredOptions.PAIRING);
		DeclaredOptions.addTo(cli.getSubcommands().get("mask").getCommandSpec(), DeclaredOptions.PAIRING);
		// Names whose bytes Java could not decode are matched to the file they name (see UndecodableNames).
		cli.registerConverter(java.nio.file.Path.class, org.san2n.io.UndecodableNames::resolve);
		cli.setExecutionExceptionHandler(San2nCli::report);
		cli.setParameterExceptionHandler(San2nCli::usage);
		return cli.execute(args);
	}

	/**
	 * A wrong command line: what is wrong and where the help is, not the whole usage (which buries the
	 * one line that matters under sixty).
	 */
	private static int usage(CommandLine.ParameterException e, String[] args) {
		CommandLine cli = e.getCommandLine();
		PrintWriter err = cli.getErr();
		String message = e.getMessage();
		for (Throwable c = e; c != null; c = c.getCause())
			if (c instanceof java.nio.file.InvalidPathException || String.valueOf(c.getMessage()).contains("InvalidPathException")) {
				message = "a path has characters that Java cannot map in this locale (" + System.getProperty("sun.jnu.encoding")
						+ "): run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8, or rename the file";
				break;
			}
		String dashes = singleDashed(cli.getCommandSpec(), args);
		if (dashes != null) message = dashes;
		err.println("san2n " + cli.getCommandName() + ": " + message);
		String name = cli.getCommandSpec().qualifiedName(" ");
		err.println("Run '" + name + " --help' for the options.");
		return cli.getCommandSpec().exitCodeOnInvalidInput();
	}

	/**
	 * MRtrix and FSL spell long options with one dash ({@code -dwi}, {@code -mask}); picocli then reports the
	 * real ones as missing, or the value as an unknown option. Each such word whose two-dash form is one of the
	 * command's options is named with it; null when there is none.
	 */
	static String singleDashed(CommandLine.Model.CommandSpec spec, String[] args) {
		java.util.Set<String> names = new java.util.HashSet<>();
		for (CommandLine.Model.OptionSpec o : spec.options())
			names.addAll(java.util.List.of(o.names()));
		java.util.List<String> found = new java.util.ArrayList<>();
		for (String a : args) {
			if (!a.matches("-[A-Za-z][A-Za-z0-9_-]+(=.*)?")) continue;
			String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
			if (!names.contains(name) && names.contains("-" + name)) found.add("unknown option " + name + " (did you mean -" + name + "?)");
		}
		return found.isEmpty() ? null : String.join("; ", found);
	}

	private static int report(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
		PrintWriter err = cli.getErr();
		if (e instanceof CancelledException) {
			err.println("san2n: cancelled; no output was written");
			return 130;
		}
		if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) e = u.getCause(); // e.g. a full temporary folder
		String message = e.getMessage() == null ? e.toString() : e.getMessage();
		// Bad input is the user's to fix: one line. Anything else is our bug: keep the trace for the report.
		boolean expected = e instanceof java.io.IOException || e instanceof IllegalArgumentException
				|| e instanceof org.san2n.denoise.DenoisingFailedException || e instanceof org.san2n.train.TrainingFailedException;
		if (org.san2n.io.UndecodableNames.undecodable(message)) message += " (" + org.san2n.io.UndecodableNames.hint() + ")";
		if (e instanceof org.san2n.denoise.DenoisingFailedException failed) {
			// After hundreds of lines of progress: a short verdict (what failed, what to do), then what was seen.
			err.println("san2n " + cli.getCommandName() + ": error: " + failed.verdict());
			for (String detail : failed.details())
				err.println("  " + detail);
			return 1;
		}
		err.println("san2n " + cli.getCommandName() + ": error: " + message);
		if (!expected) e.printStackTrace(err);
		return 1;
	}
}
