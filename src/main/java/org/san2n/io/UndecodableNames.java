package org.san2n.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * File names given as text whose bytes were not valid in Java's file-name encoding ({@code sun.jnu.encoding},
 * UTF-8 in a UTF-8 locale): a Latin-1 "é" made on another system reaches Java as U+FFFD, and the name encoded
 * back names another file, so a file that is there was "no such file". Java's own listing of a folder keeps each
 * entry's bytes, so such a name is matched against the entries of its folder as Java shows them, and the one
 * entry that shows the same way is the file meant. (Java cannot tell which bytes were replaced: of two names that
 * differ only there, none is taken; a name that is not there but shows as one that is, is taken for it.)
 */
public final class UndecodableNames {

	/** What Java puts in place of bytes it cannot decode. */
	public static final char REPLACEMENT = '\uFFFD';

	private UndecodableNames() {}

	/**
	 * The path {@code text} names: {@code Path.of(text)}, or, when that does not exist and a part of it was
	 * undecodable, the existing path whose parts show as {@code text}'s do (when exactly one does).
	 */
	public static Path resolve(String text) {
		Path given = Path.of(text);
		if (text.indexOf(REPLACEMENT) < 0 || Files.exists(given, LinkOption.NOFOLLOW_LINKS)) return given;
		Path found = match(given);
		return found == null ? given : found;
	}

	/** True when {@code text} holds what Java puts in place of bytes it could not decode. */
	public static boolean undecodable(String text) {
		return text != null && text.indexOf(REPLACEMENT) >= 0;
	}

	/** Why a name with U+FFFD in it may not be found, for a message. */
	public static String hint() {
		return "� marks bytes of a file name that are not valid " + System.getProperty("sun.jnu.encoding", "UTF-8")
				+ ", Java's file-name encoding here; rename the file, e.g. 'convmv -f latin1 -t utf8 --notest FILE'";
	}

	private static Path match(Path given) {
		Path current = given.getRoot();
		for (Path part : given) {
			Path next = current == null ? part : current.resolve(part);
			if (part.toString().indexOf(REPLACEMENT) >= 0 && !Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
				Path folder = current == null ? Path.of(".") : current;
				List<Path> same = new ArrayList<>();
				try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
					for (Path e : entries)
						if (e.getFileName().toString().equals(part.toString())) same.add(e);
				} catch (IOException | SecurityException e) {
					return null;
				}
				if (same.size() != 1) return null;
				// The listed entry keeps the bytes on disk; relative to the current folder when the given path was.
				next = current == null ? same.get(0).getFileName() : same.get(0);
			}
			current = next;
		}
		return current;
	}
}
