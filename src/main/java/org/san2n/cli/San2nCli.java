package org.san2n.cli;

import java.io.PrintWriter;

import org.san2n.progress.CancelledException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar san2n.jar COMMAND …}: the command line for pipelines. */
@Command(name = "san2n", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = "Self-supervised spatio-angular Noise2Noise denoising of diffusion MRI (SAN2N).",
		subcommands = { InfoCommand.class, PairsCommand.class, SimulateCommand.class, EvaluateCommand.class,
				MaskCommand.class, NoiseCommand.class, TrainCommand.class, DenoiseCommand.class, FigureCommand.class, DevicesCommand.class,
				CommandLine.HelpCommand.class })
public final class San2nCli implements Runnable {

	@Override
	public void run() {
		throw new CommandLine.ParameterException(new CommandLine(this), "name a command, e.g. 'san2n info FILE'");
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs a command line and returns its exit code: 0 success, 1 failure, 2 bad usage, 130 cancelled. */
	public static int run(String... args) {
		// DJL must not try to download natives: they come with the jar's classpath (or PYTORCH_LIBRARY_PATH).
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		// On a machine without CUDA, DJL warns at every start that it found none; --device gpu says so itself.
		if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null)
			System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
		CommandLine cli = new CommandLine(new San2nCli());
		cli.setExecutionExceptionHandler(San2nCli::report);
		return cli.execute(args);
	}

	private static int report(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
		PrintWriter err = cli.getErr();
		if (e instanceof CancelledException) {
			err.println("san2n: cancelled; no output was written");
			return 130;
		}
		String message = e.getMessage() == null ? e.toString() : e.getMessage();
		// Bad input is the user's to fix: one line. Anything else is our bug: keep the trace for the report.
		boolean expected = e instanceof java.io.IOException || e instanceof IllegalArgumentException
				|| e instanceof org.san2n.denoise.DenoisingFailedException || e instanceof org.san2n.train.TrainingFailedException;
		err.println("san2n " + cli.getCommandName() + ": error: " + message);
		if (!expected) e.printStackTrace(err);
		return 1;
	}
}
