package org.san2n.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Outputs appear only when complete: they are written beside their target under a temporary name and
 * moved into place, so a failure or a cancel never leaves a half-written file or destroys the old one.
 */
public final class AtomicFiles {

	/** What writes the content into the temporary file. */
	public interface Writer {
		void writeTo(Path temporary) throws IOException;
	}

	private AtomicFiles() {}

	public static void write(Path target, Writer writer) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		Path tmp;
		try {
			tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
		} catch (IOException e) {
			throw OutputFiles.cannotWrite(target, e);
		}
		try {
			// Temporary files are private; the result gets the usual permissions of a new file.
			if (Files.getFileStore(tmp).supportsFileAttributeView("posix"))
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
			writer.writeTo(tmp);
			try {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} catch (java.nio.file.FileSystemException e) {
			throw OutputFiles.cannotWrite(target, e);
		} catch (IOException e) {
			String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
			if (m.contains("no space left") || m.contains("quota")) throw OutputFiles.cannotWrite(target, e);
			throw e;
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	public static void writeString(Path target, String text) throws IOException {
		write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
	}
}
