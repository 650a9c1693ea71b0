package org.san2n.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Outputs are checked before any work: a run that trains for an hour and then finds it cannot write its
 * result has wasted the hour. Messages name the user's path and say why, never a temporary file's name.
 */
public final class OutputFiles {

	private OutputFiles() {}

	/**
	 * Fails now when {@code target} could not be written later: its folder missing, not a folder or not
	 * taking new files (permissions, a read-only or special file system), or the target itself a folder.
	 * A probe file is created and deleted in the folder; nothing else is touched.
	 *
	 * @param option the option that named it (for the message), e.g. {@code --out}
	 */
	public static void checkWritable(String option, Path target) throws IOException {
		Path absolute = target.toAbsolutePath().normalize();
		String who = option + " " + target;
		if (Files.isDirectory(absolute)) throw new IOException("cannot write " + who + ": it is a folder; name a file in it");
		Path dir = absolute.getParent();
		if (dir == null) throw new IOException("cannot write " + who + ": no folder to write it in");
		if (!Files.exists(dir)) throw new IOException("cannot write " + who + ": no such folder " + dir);
		if (!Files.isDirectory(dir)) throw new IOException("cannot write " + who + ": " + dir + " is not a folder");
		Path probe;
		try {
			probe = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".probe");
		} catch (IOException e) {
			throw new IOException("cannot write " + who + ": " + reason(e), e);
		}
		Files.deleteIfExists(probe);
		if (Files.exists(absolute) && !Files.isWritable(absolute) && !Files.isWritable(dir))
			throw new IOException("cannot write " + who + ": permission denied");
	}

	/** The same as {@link #checkWritable} for a folder that is created when missing (simulate's output). */
	public static void checkFolder(String option, Path folder) throws IOException {
		Path absolute = folder.toAbsolutePath().normalize();
		if (Files.exists(absolute) && !Files.isDirectory(absolute))
			throw new IOException("cannot write " + option + " " + folder + ": it is a file, not a folder");
		try {
			Files.createDirectories(absolute);
		} catch (IOException e) {
			throw new IOException("cannot create " + option + " " + folder + ": " + reason(e), e);
		}
		checkWritable(option, absolute.resolve("probe"));
	}

	/** An I/O failure while writing {@code target}, said in the user's terms. */
	static IOException cannotWrite(Path target, IOException e) {
		return new IOException("cannot write " + target + ": " + reason(e), e);
	}

	/** Why the file system refused, in words rather than the exception's class and a temporary path. */
	static String reason(IOException e) {
		String detail = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
		String lower = detail.toLowerCase(Locale.ROOT);
		if (e instanceof AccessDeniedException || lower.contains("permission denied")) return "permission denied";
		if (lower.contains("read-only")) return "read-only file system";
		if (lower.contains("no space left")) return "no space left on the device";
		if (lower.contains("quota")) return "disk quota exceeded";
		if (lower.contains("not a directory")) return "a part of the path is not a folder";
		if (e instanceof NoSuchFileException || lower.contains("no such file")) return "no such folder, or it does not take new files";
		if (lower.contains("operation not permitted")) return "not permitted on this file system";
		return detail;
	}
}
